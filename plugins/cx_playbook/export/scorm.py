"""The course as a SCORM 1.2 package: the built site and an ``imsmanifest.xml`` that makes it one
SCO, launched at the course home.

Inside an LMS the site reports to the SCORM API itself (``scorm.js``, shipped within
``assets/cx/cx.js``); this module only builds and packages it. The site is built with MkDocs' own command line, so that the engine stays
free of MkDocs, and built for a package: no ``site_url``, since the LMS serves the package from an
address nobody knows in advance, and links to ``page.html`` rather than ``page/``, since an LMS
serves files, not folders' index pages.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from ..course import Course
from . import ExportError
from .archive import check_writable, write_zip
from .xml import environment

MANIFEST = "imsmanifest.xml"
LAUNCH = "course/index.html"


def build_site(config: Path, site_dir: Path) -> None:
    """Build the site ``config`` describes into ``site_dir``, as a package needs it."""
    if not config.is_file():
        raise ExportError(f"no MkDocs configuration at {config}: give it with --config, or a built site with --site")
    command = [
        sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
        "--config-file", str(config), "--site-dir", str(site_dir), "--no-directory-urls",
    ]
    # An empty SITE_URL leaves site_url unset in a configuration that reads it from the environment.
    environment = {**os.environ, "SITE_URL": "", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        raise ExportError(f"the site did not build, so no package was written:\n{result.stderr.strip()}")


def site_files(site_dir: Path) -> list[str]:
    """Every file of a built site, as '/'-separated paths in a stable order."""
    if not (site_dir / LAUNCH).is_file():
        raise ExportError(f"{site_dir} has no {LAUNCH}: build the site with its course (course.yaml) and --no-directory-urls")
    files = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file())
    if MANIFEST in files:
        raise ExportError(f"{site_dir} already holds an {MANIFEST}: it would be replaced by the package's own")
    return files


def _identifier(course: Course) -> str:
    # An XML name (letters, digits, '-', '.'), stable for a course version so that an LMS can
    # tell an updated package of the same course from another course.
    return "cx-course-" + re.sub(r"[^A-Za-z0-9.-]", "-", course.version)


def manifest(course: Course, files: list[str]) -> bytes:
    template = environment().get_template("scorm/imsmanifest.xml.j2")
    return template.render(identifier=_identifier(course), title=course.title, launch=LAUNCH, files=files).encode()


def _package(course: Course, site_dir: Path, out: Path) -> int:
    files = site_files(site_dir)
    write_zip(out, [(MANIFEST, manifest(course, files)), *((name, site_dir / name) for name in files)])
    return len(files)


def export_scorm(course: Course | None, out: Path, site_dir: Path | None = None, config: Path = Path("mkdocs.yml")) -> int:
    """Write the package to ``out`` from ``site_dir``, or from a fresh build of ``config`` when no
    site is given; returns how many files of the site it holds."""
    if course is None:
        raise ExportError("the playbook has no course.yaml: a SCORM package launches the course, so there is nothing to package")
    check_writable(out)
    if site_dir is not None:
        if not site_dir.is_dir():
            raise ExportError(f"no built site at {site_dir}")
        return _package(course, site_dir, out)
    with tempfile.TemporaryDirectory(prefix="cx-scorm-") as folder:
        built = Path(folder) / "site"
        build_site(config, built)
        return _package(course, built, out)
