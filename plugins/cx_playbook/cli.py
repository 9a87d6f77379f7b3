"""``cx-playbook``: check a playbook, or write its pages and schemas for another engine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ContentError
from .validation import load_playbook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cx-playbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every file and print every problem as file:line:col: message")
    validate.add_argument("path", nargs="?", default="playbook", type=Path, help="the playbook directory (default: playbook)")
    validate.add_argument("--quizzes", type=Path, help="the quiz directory (default: quizzes beside the playbook)")
    validate.add_argument("--docs", type=Path, help="hand-written pages whose links and quiz embeds to check (default: docs beside the playbook)")
    render = commands.add_parser("render", help="write the generated Markdown pages to a directory")
    render.add_argument("path", nargs="?", default="playbook", type=Path)
    render.add_argument("--quizzes", type=Path, help="the quiz directory (default: quizzes beside the playbook)")
    render.add_argument("--out", required=True, type=Path, help="directory to write the pages into")
    render.add_argument("--templates", type=Path, action="append", default=[], help="a directory of cx/ template overrides")
    schema = commands.add_parser("schema", help="write a JSON Schema per kind of file, for editors")
    schema.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)

    if args.command == "schema":
        return _write_schemas(args.out)

    try:
        docs = getattr(args, "docs", None) or args.path.parent / "docs"
        playbook = load_playbook(args.path, args.quizzes or args.path.parent / "quizzes", docs=docs)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    if args.command == "render":
        from .rendering import write_pages  # here, so that `validate` does not pay for the renderer

        count = write_pages(playbook, args.out, args.templates)
        print(f"Wrote {count} pages to {args.out}")
    else:
        questions = sum(len(quiz.questions) for quiz in playbook.quizzes.values())
        print(
            f"{args.path}: {len(playbook)} entries, {len(playbook.glossary)} glossary terms"
            f" and {len(playbook.quizzes)} quizzes ({questions} questions), no problems."
        )
    return 0


def _write_schemas(out: Path) -> int:
    from .schemas import json_schemas

    out.mkdir(parents=True, exist_ok=True)
    schemas = json_schemas()
    for name, text in schemas.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"Wrote {len(schemas)} schemas to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
