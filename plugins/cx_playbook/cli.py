"""``cx-playbook``: check a playbook, write its pages and schemas for another engine, or export it
for a learning management system."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ContentError
from .playbook import Playbook
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
    _export_arguments(commands)
    args = parser.parse_args(argv)

    if args.command == "schema":
        return _write_schemas(args.out)

    try:
        docs = getattr(args, "docs", None) or args.path.parent / "docs"
        playbook = load_playbook(args.path, args.quizzes or args.path.parent / "quizzes", docs=docs)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    if args.command == "export":
        return _export(args, playbook)
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


def _export_arguments(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="write a package for a learning management system")
    formats = export.add_subparsers(dest="format", required=True)
    scorm = formats.add_parser("scorm", help="the course as a SCORM 1.2 package: imsmanifest.xml and the built site")
    qti = formats.add_parser("qti", help="every quiz question as a QTI 2.1 content package")
    for package in (scorm, qti):
        package.add_argument("out", type=Path, help="the zip file to write")
        package.add_argument("path", nargs="?", default="playbook", type=Path, help="the playbook directory (default: playbook)")
        package.add_argument("--quizzes", type=Path, help="the quiz directory (default: quizzes beside the playbook)")
    site = scorm.add_mutually_exclusive_group()
    site.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site to build into the package (default: mkdocs.yml)")
    site.add_argument("--site", type=Path, help="package this site, already built with --no-directory-urls, instead of building one")


def _export(args: argparse.Namespace, playbook: Playbook) -> int:
    # Imported here, so that `validate` does not pay for the exporters.
    from .export import ExportError
    from .export.qti import export_qti
    from .export.scorm import export_scorm

    try:
        if args.format == "qti":
            count = export_qti(playbook, args.out)
            print(f"Wrote {count} questions from {len(playbook.quizzes)} quizzes to {args.out}")
        else:
            count = export_scorm(playbook.course, args.out, site_dir=args.site, config=args.config)
            print(f"Wrote the course ({count} files of the site) to {args.out}")
    except ExportError as error:
        print(f"cx-playbook export {args.format}: {error}", file=sys.stderr)
        return 1
    return 0


def _write_schemas(out: Path) -> int:
    from .schemas import json_schemas

    out.mkdir(parents=True, exist_ok=True)
    schemas = json_schemas()
    # A schema left from a kind that no longer exists would still steer editors: it goes.
    for stale in set(path.name for path in out.glob("*.schema.json")) - set(schemas):
        (out / stale).unlink()
    for name, text in schemas.items():
        (out / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"Wrote {len(schemas)} schemas to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
