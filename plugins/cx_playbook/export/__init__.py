"""Packages for learning management systems: the course as SCORM 1.2, the quiz bank as QTI 2.1.

Each format is a module of its own (``scorm``, ``qti``); ``archive`` writes a package all or
nothing, and ``xhtml`` turns Markdown fields into the markup QTI allows. Nothing here imports
MkDocs: the SCORM package builds the site with MkDocs' own command line.
"""

from __future__ import annotations


class ExportError(Exception):
    """A package could not be made, with a message for the person who asked for it."""
