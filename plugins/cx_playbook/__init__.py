"""The CX playbook engine and its MkDocs plugins.

The package reads top-down: ``models`` (the content contract) → ``loading`` (YAML with
positions) → ``validation`` (every problem at once) → ``playbook`` (the validated whole and
its backlinks) → ``rendering`` (Markdown pages from Jinja2 templates). Only ``config`` and
``plugin`` import MkDocs, so the same pages can be written to disk for another engine.
"""
