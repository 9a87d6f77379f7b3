"""Writing a package: a zip file that appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from . import ExportError

# What goes into a package: its path inside the zip, and its content or the file holding it.
Member = tuple[str, bytes | Path]


def check_writable(out: Path) -> None:
    """Refuse an output path that cannot take the package, before any slow work goes into one."""
    folder = out.parent
    if out.is_dir():
        raise ExportError(f"cannot write {out}: it is a folder; give the name of the zip file to write")
    if not folder.is_dir():
        raise ExportError(f"cannot write {out}: there is no folder {folder}")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"cannot write {out}: the folder {folder} is not writable")


def write_zip(out: Path, members: Iterable[Member]) -> int:
    """Write ``members`` to ``out`` and return how many there were.

    The zip is written beside ``out`` under a temporary name and renamed into place only once it
    is complete, so a failure part-way never leaves a broken package where an LMS would find it."""
    check_writable(out)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as error:
        raise ExportError(f"cannot write {out}: {error.strerror or error}") from None
    count = 0
    try:
        with os.fdopen(handle, "wb") as stream, zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as package:
            for name, content in members:
                if isinstance(content, Path):
                    package.write(content, name)
                else:
                    package.writestr(name, content)
                count += 1
        os.replace(temporary, out)
    except OSError as error:
        raise ExportError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return count
