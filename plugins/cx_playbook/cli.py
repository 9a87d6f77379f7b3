"""``cx-playbook``: check a playbook, write its pages and schemas for another engine, or export it
for a learning management system."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ContentError, display_path
from .playbook import Playbook
from .site import SiteSettings
from .validation import load_playbook

# The site a SCORM package is built from, unless --config names another.
SITE_CONFIG = Path("mkdocs.yml")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cx-playbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every file and print every problem as file:line:col: message")
    _playbook_arguments(validate)
    validate.add_argument("--docs", type=Path, help="hand-written pages whose links and quiz embeds to check (default: docs beside the playbook)")
    render = commands.add_parser("render", help="write the generated Markdown pages to a directory")
    _playbook_arguments(render)
    render.add_argument("--out", required=True, type=Path, help="directory to write the pages into")
    render.add_argument("--templates", type=Path, action="append", default=[], help="a directory of cx/ template overrides")
    schema = commands.add_parser("schema", help="write a JSON Schema per kind of file, for editors")
    schema.add_argument("--out", required=True, type=Path)
    generate = commands.add_parser(
        "generate", help="write the whole site, every page as plain Markdown, for an engine that runs no MkDocs plugin (Zensical)",
    )
    generate.add_argument("out", type=Path, help="the folder to write: docs/, overrides/ and mkdocs.yml (replaced if generate wrote it before)")
    generate.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="MKDOCS_YML", help="the site to generate (default: mkdocs.yml)")
    generate.add_argument(
        "--engine", choices=("zensical", "mkdocs"), default="zensical",
        help="the engine that will build it (default: zensical); mkdocs builds it with plain Material, without the plugin",
    )
    _export_arguments(commands)
    _new_arguments(commands)
    _check_arguments(commands)
    args = parser.parse_args(argv)

    if args.command == "schema":
        return _write_schemas(args.out)
    if args.command == "generate":
        return _generate(args.config, args.out, args.engine)
    if args.command == "new":
        return _new(args)
    if args.command == "check":
        return _check(args)

    try:
        source = _source(args)
        playbook = load_playbook(source.playbook, source.quizzes, kinds=source.kinds, markdown=source.markdown, docs=source.docs, overlays=source.overlays)
    except ValueError as error:
        print(f"cx-playbook {args.command}: {error}", file=sys.stderr)
        return 1
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    if args.command == "export":
        return _export(args, playbook)
    if args.command == "render":
        return _render(args, playbook, source)
    else:
        questions = sum(len(quiz.questions) for quiz in playbook.quizzes.values())
        print(
            f"{' + '.join(map(display_path, (source.playbook, *source.overlays)))}: {len(playbook)} entries, {len(playbook.glossary)} glossary terms"
            f" and {len(playbook.quizzes)} quizzes ({questions} questions), no problems."
        )
    return 0


def _render(args: argparse.Namespace, playbook: Playbook, source: SiteSettings) -> int:
    # Imported here, so that `validate` does not pay for the renderer and the wording.
    from .messages import load_catalogue
    from .rendering import write_pages

    # In the site's language, with its own wording, as the site shows the pages (English without --config).
    try:
        messages, warnings = load_catalogue(source.language, source.messages, source.kinds)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"cx-playbook render: warning: {warning}", file=sys.stderr)
    count = write_pages(playbook, args.out, [*source.templates, *args.templates], messages, source.content_language)
    print(f"Wrote {count} pages to {args.out}")
    return 0


def _playbook_arguments(parser: argparse.ArgumentParser, config: bool = True) -> None:
    """Which playbook a command reads: a folder, overlays on it, or a site's own settings."""
    parser.add_argument("path", nargs="?", type=Path, help="the playbook directory (default: playbook, or the site's with --config)")
    parser.add_argument("--quizzes", type=Path, help="the quiz directory (default: quizzes beside the playbook)")
    parser.add_argument(
        "--overlay", type=Path, action="append", default=[], metavar="DIR",
        help="an overlay folder (playbook/, quizzes/, overlay.yaml) to stack on the playbook; repeat it for more, in order",
    )
    if config:
        parser.add_argument(
            "--config", type=Path, metavar="MKDOCS_YML",
            help="read the playbook, quizzes, docs, overlays, kinds and Markdown extensions from this site's cx-playbook settings",
        )


def _source(args: argparse.Namespace) -> SiteSettings:
    """Where the playbook comes from: a site's settings when --config names one (or, for a SCORM
    package built from mkdocs.yml, that file when no folder is given); folders given on the
    command line take precedence, and --overlay adds overlays after the site's."""
    config = args.config
    if config is None and args.command == "export" and args.format == "scorm" and args.path is None and args.site is None:
        config = SITE_CONFIG  # the package's course must be the course of the site it packages
    if config is not None:
        from .config import site_settings  # here, so that a command without --config never imports MkDocs

        site = site_settings(config)
    else:
        site = SiteSettings()
    playbook = args.path or site.playbook
    beside = config is None or args.path is not None
    return SiteSettings(
        playbook=playbook,
        quizzes=args.quizzes or (playbook.parent / "quizzes" if beside else site.quizzes),
        docs=getattr(args, "docs", None) or (playbook.parent / "docs" if beside else site.docs),
        overlays=(*site.overlays, *args.overlay),
        kinds=site.kinds,
        templates=site.templates,
        markdown=site.markdown,
        language=site.language,
        messages=site.messages,
        content_language=site.content_language,
    )


def _export_arguments(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="write a package for a learning management system")
    formats = export.add_subparsers(dest="format", required=True)
    scorm = formats.add_parser("scorm", help="the course as a SCORM 1.2 package: imsmanifest.xml and the built site")
    qti = formats.add_parser("qti", help="every quiz question as a QTI 2.1 content package")
    for package in (scorm, qti):
        package.add_argument("out", type=Path, help="the zip file to write")
        _playbook_arguments(package, config=package is qti)
    site = scorm.add_mutually_exclusive_group()
    site.add_argument(
        "--config", type=Path, help="the site to build into the package, whose playbook settings apply too (default: mkdocs.yml; its settings when no PATH is given)"
    )
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
            count = export_scorm(playbook.course, args.out, site_dir=args.site, config=args.config or SITE_CONFIG)
            print(f"Wrote the course ({count} files of the site) to {args.out}")
    except ExportError as error:
        print(f"cx-playbook export {args.format}: {error}", file=sys.stderr)
        return 1
    return 0


def _new_arguments(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser(
        "new",
        help="start an entry, quiz or course module with every field, what each is for, and placeholders that pass the checker",
        description="Write a new entry or quiz file, or add a module to the course, with every field of its kind, a comment "
        "saying what each holds, and placeholders (TODO) that pass validation until replaced.",
    )
    new.add_argument("kind", help="principle, tenet, technique, case-study (or the folder names), quiz, or module")
    new.add_argument("id", help="the new id: lower-case words joined by hyphens, which becomes the file name and address")
    new.add_argument("--playbook", type=Path, default=Path("playbook"), help="the playbook directory (default: playbook)")
    new.add_argument("--quizzes", type=Path, help="the quiz directory (default: quizzes beside the playbook)")
    new.add_argument("--docs", type=Path, help="hand-written pages a module may read (default: docs beside the playbook)")
    new.add_argument("--schemas", type=Path, help="the editors' JSON Schemas, named in the new file (default: schemas beside the playbook)")


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, create

    beside = args.playbook.parent
    try:
        written = create(args.kind, args.id, args.playbook, args.quizzes or beside / "quizzes", args.docs or beside / "docs", args.schemas or beside / "schemas")
    except ScaffoldError as error:
        print(f"cx-playbook new: {error}", file=sys.stderr)
        return 1
    where = f"{display_path(written.path)}:{written.line}" if written.line > 1 else display_path(written.path)
    print(f"Wrote {written.what} to {where}: replace each TODO, then run cx-playbook check.")
    return 0


def _check_arguments(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check",
        help="everything a reviewer needs: validation, placeholders, orphans, a strict build and every internal link",
        description="Validate the playbook, report placeholders left by `new`, entries nothing links to and quizzes that cover "
        "nothing, then build the site strictly and check every internal link and anchor. Prints file:line:col: level: message; "
        "on GitHub Actions also workflow annotations. Exits 1 on any error (and on warnings with --strict).",
    )
    _playbook_arguments(check)
    check.add_argument("--docs", type=Path, help="hand-written pages (default: docs beside the playbook, or the site's with --config)")
    check.add_argument("--no-build", action="store_true", help="skip the site build and the link check")
    check.add_argument("--site-dir", type=Path, help="keep the built site here (default: a temporary folder)")
    check.add_argument("--timeout", type=float, default=600.0, help="seconds the build may take (default: 600)")
    check.add_argument("--strict", action="store_true", help="fail on warnings (orphans, quizzes covering nothing) too")


def _check(args: argparse.Namespace) -> int:
    import os

    from .checks import BuildSettings, run
    from .report import ERROR, lines

    # The site's own settings by default, so that what is checked is what the build reads.
    if args.config is None and args.path is None and SITE_CONFIG.is_file():
        args.config = SITE_CONFIG
    try:
        source = _source(args)
    except ValueError as error:
        print(f"cx-playbook check: {error}", file=sys.stderr)
        return 1
    build = None if args.no_build else BuildSettings(args.config or SITE_CONFIG, args.site_dir, args.timeout)
    findings = run(source, build)
    print("\n".join(lines(findings, github=os.environ.get("GITHUB_ACTIONS") == "true")))
    failing = [finding for finding in findings if finding.level == ERROR or args.strict]
    return 1 if failing else 0


def _generate(config: Path, out: Path, engine: str) -> int:
    # Imported here: reading the site's configuration takes MkDocs and the plugin.
    from .generate import GenerateError, generate
    from .plugin import site_to_generate

    try:
        count = generate(site_to_generate(config), out, engine)
    except GenerateError as error:
        print(f"cx-playbook generate: {error}", file=sys.stderr)
        return 1
    print(f"Wrote the site ({count} pages) to {out}: build it there with `{engine} build`")
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
