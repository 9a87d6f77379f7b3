"""Reading YAML files into plain data while keeping the way back to each node's line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, display_path

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_FILE_BYTES = 1_000_000
_MAX_INT_DIGITS = 30


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, made to refuse duplicate keys instead of keeping the last silently, and
    numbers too long to be anything but a mistake (Python refuses to parse them at all)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        keys = [key.value for key, _ in node.value if isinstance(key, ScalarNode)]
        if len(keys) != len(set(keys)):
            seen: set[str] = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, ScalarNode):
                    continue
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key_node.value}'", key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: ScalarNode) -> int:
        if len(node.value) > _MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(None, None, f"a number of {len(node.value)} digits is too long", node.start_mark)
        return super().construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


@dataclass
class Document:
    """A parsed YAML file: its data, and the way back to where each value was written."""

    path: Path
    data: Any
    text: str

    @cached_property
    def node(self) -> Node | None:
        # Composed again only when a problem needs a position: keeping every file's node tree
        # alive would cost more than parsing, and valid files never need it.
        loader = _Loader(self.text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

    @property
    def shown_path(self) -> str:
        return display_path(self.path)

    def problem(self, loc: Sequence[str | int], message: str, line_offset: int | None = None) -> Problem:
        """A problem pinned to the node at ``loc`` (or the nearest enclosing one that exists)."""
        node = self._node_at(loc)
        if node is None:
            return Problem(self.shown_path, 1, 1, message)
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if line_offset and isinstance(node, ScalarNode):
            line, column = _line_inside(node, line_offset, self.text)
        return Problem(self.shown_path, line, column, message)

    def _node_at(self, loc: Sequence[str | int]) -> Node | None:
        node = self.node
        for part in loc:
            if isinstance(node, MappingNode):
                # A part with no key here (a missing field) leaves the problem at this mapping.
                node = _value_of(node, part) or node
            elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                return node
        return node

    def key_node(self, loc: Sequence[str | int]) -> Node | None:
        """The key node of the last part of ``loc``, for problems about a field's name."""
        parent = self._node_at(loc[:-1])
        if isinstance(parent, MappingNode):
            for key, _ in parent.value:
                if isinstance(key, ScalarNode) and key.value == str(loc[-1]):
                    return key
        return None


def _value_of(node: MappingNode, key: str | int) -> Node | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == str(key):
            return value_node
    return None


def _line_inside(node: ScalarNode, line_offset: int, text: str) -> tuple[int, int]:
    """Where line ``line_offset`` of a scalar's text sits in the file."""
    if node.style not in ("|", ">"):
        return node.start_mark.line + line_offset, node.start_mark.column + 1 if line_offset == 1 else 1
    # A block scalar's text starts on the line after its indicator, at its own indentation.
    line = node.start_mark.line + 1 + line_offset
    source = _line(text, line - 1)
    return line, len(source) - len(source.lstrip(" ")) + 1


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _shared(data: Any) -> bool:
    """Whether any list or mapping appears twice: YAML aliases, which can make a few lines stand
    for billions of values."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, list)):
            if id(item) in seen:
                return True
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return False


def read(path: Path) -> tuple[str | None, Problem | None]:
    """A file's text; on failure, the problem as an author can act on it."""
    try:
        if path.is_dir():
            return None, Problem(display_path(path), 1, 1, "is a folder, where a YAML file was expected")
        if not path.is_file():
            # A named pipe or device would block the reader forever.
            return None, Problem(display_path(path), 1, 1, "is not a regular file")
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, Problem(display_path(path), 1, 1, f"is larger than {MAX_FILE_BYTES:,} bytes: split it")
        return path.read_text(encoding="utf-8"), None
    except UnicodeDecodeError as error:
        return None, Problem(display_path(path), 1, 1, f"not UTF-8 text ({error.reason} at byte {error.start})")
    except OSError as error:
        return None, Problem(display_path(path), 1, 1, f"cannot be read: {error.strerror or error}")


def load(path: Path) -> tuple[Document | None, Problem | None]:
    """Parse one YAML file; on failure, the one problem that stopped the parser."""
    text, problem = read(path)
    if text is None:
        return None, problem
    try:
        data = yaml.load(text, Loader=_Loader)
    except RecursionError:
        return None, Problem(display_path(path), 1, 1, "YAML nested too deeply")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = " ".join(filter(None, [error.context, error.problem]))
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if mark and "\t" in _line(text, mark.line):
            what += " (a tab character: indent YAML with spaces only)"
        return None, Problem(display_path(path), line, column, f"YAML syntax error: {what}")
    except yaml.YAMLError as error:
        return None, Problem(display_path(path), 1, 1, f"YAML error: {error}")
    if "&" in text and "*" in text and _shared(data):
        return None, Problem(display_path(path), 1, 1, "YAML anchors and aliases (&name, *name) are not allowed: write each value out")
    return Document(path, data, text), None
