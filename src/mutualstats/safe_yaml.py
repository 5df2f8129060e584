"""Load a project YAML file (``source.yaml``) safely and strictly.

PyYAML's safe loader builds only plain data, but it lets a later duplicate key win silently (which
can hide a tampered ``sha256:``) and expands anchors and aliases (a few hundred bytes of aliases
can expand to gigabytes). This loader rejects duplicate keys, merge keys (``<<:``), anchors and
aliases, and files larger than :data:`MAX_YAML_BYTES`, each as a problem naming the file and line.
:func:`load_yaml_with_lines` also gives the line of each key and list item (:class:`KeyLines`), so
the rules on the values can name their line too.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.reader import ReaderError

from mutualstats.errors import DataValidationError, Problem

#: The largest source.yaml read; the project's largest is about 30 kB.
MAX_YAML_BYTES = 512 * 1024


#: The tag of a merge key (``<<: {...}``), which would copy keys in from elsewhere.
MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class KeyLines:
    """Where each key and list item of a YAML file was written, by path (keys and 0-based list
    positions, e.g. ``("publications", 2, "url")``): its 1-based line, and a key's text as written
    (``yes`` for a key read as True)."""

    lines: dict[tuple[object, ...], int] = field(default_factory=dict)
    written: dict[tuple[object, ...], str] = field(default_factory=dict)

    def line(self, *path: object) -> int | None:
        """The line of ``path``, or of its nearest enclosing key or item; None if none is known."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def key(self, *path: object) -> str:
        """The key at ``path`` as written in the file."""
        return self.written.get(path, str(path[-1]))


class StrictLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
    """A safe loader (libyaml's parser where installed) that refuses duplicate keys and reads a
    date as the text written (``2026-11-29``), so a date that does not exist is reported by the
    rule on its key rather than failing the parse.

    Anchors and aliases are refused before it runs, by :func:`_refuse_anchors_and_aliases`.
    """

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [
            (tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        first_line: dict[object, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                raise ConstructorError(
                    None,
                    None,
                    "merge keys (<<) are not allowed; write the keys out",
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=True)
            try:
                seen = key in first_line
            except TypeError:
                raise ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                ) from None
            if seen:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first at line {first_line[key] + 1})",
                    key_node.start_mark,
                )
            first_line[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _refuse_anchors_and_aliases(text: str) -> None:
    """Raise at the first anchor (``&name``) or alias (``*name``), before anything is built."""
    for event in yaml.parse(text, Loader=StrictLoader):
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(
                None, None, "aliases (*name) are not allowed; write the value out", event.start_mark
            )
        if getattr(event, "anchor", None) is not None:
            raise ComposerError(
                None, None, "anchors (&name) are not allowed; write the value out", event.start_mark
            )


def load_yaml(path: Path, label: str) -> object:
    """Parse ``path`` with :class:`StrictLoader`.

    Raises
    ------
    DataValidationError
        For a file too large, not UTF-8, not valid YAML, or with a duplicate key, a merge key, an
        anchor or an alias: one problem with the file and, where known, the line.
    """
    return load_yaml_with_lines(path, label)[0]


def load_yaml_with_lines(path: Path, label: str) -> tuple[object, KeyLines]:
    """The data in ``path``, as :func:`load_yaml`, and the line of each of its keys and items."""
    text = _read_text(path, label)
    try:
        return copy.deepcopy(_parse(text)), _key_lines(text)
    except yaml.YAMLError as error:
        raise DataValidationError([_yaml_problem(error, text, label)]) from None
    except (ValueError, TypeError, OverflowError) as error:
        # A value with an explicit tag (!!timestamp, !!int) that cannot be built.
        raise DataValidationError(
            [Problem(label, None, None, f"a tagged value cannot be read: {error}", None)]
        ) from None


def _read_text(path: Path, label: str) -> str:
    """The text of ``path``: UTF-8, at most :data:`MAX_YAML_BYTES`."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            check = f"file is larger than {MAX_YAML_BYTES // 1024} kB; is it the right file?"
            raise DataValidationError([Problem(label, None, None, check, f"{size} bytes")])
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataValidationError(
            [Problem(label, None, None, "bytes are not UTF-8", str(error))]
        ) from None
    except OSError as error:
        raise DataValidationError(
            [Problem(label, None, None, "cannot be read", error.strerror or str(error))]
        ) from None


def _yaml_problem(error: yaml.YAMLError, text: str, label: str) -> Problem:
    """One problem for a parse error, with its line: a character the reader refuses (a NUL, a
    control character) is named by its code point, without the parser's position."""
    if isinstance(error, ReaderError):
        character = error.character
        code = character if isinstance(character, int) else ord(character)
        check = f"malformed YAML: character U+{code:04X} is not allowed ({error.reason}); remove it"
        return Problem(label, _line_of_offset(text, error.position), None, check, None)
    mark = getattr(error, "problem_mark", None)
    line = None if mark is None else mark.line + 1
    problem = getattr(error, "problem", None) or str(error)
    return Problem(label, line, None, f"malformed YAML: {problem}", None)


def _line_of_offset(text: str, position: int) -> int:
    """The 1-based line of a reader error's position (libyaml's is a byte offset)."""
    if yaml.__with_libyaml__:
        return text.encode("utf-8")[:position].count(b"\n") + 1
    return text.count("\n", 0, position) + 1


@lru_cache(maxsize=64)
def _parse(text: str) -> object:
    """The data in ``text``, parsed once per distinct content (a build reads each file often)."""
    _refuse_anchors_and_aliases(text)
    return yaml.load(text, Loader=StrictLoader)


@lru_cache(maxsize=64)
def _key_lines(text: str) -> KeyLines:
    """Where each key and item of ``text`` (already parsed by :func:`_parse`) was written."""
    found = KeyLines()
    _walk(yaml.compose(text, Loader=StrictLoader), (), StrictLoader(""), found)
    return found


def _walk(node: yaml.Node, path: tuple[object, ...], loader: StrictLoader, found: KeyLines) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key_path = (*path, loader.construct_object(key_node, deep=True))
            found.lines[key_path] = key_node.start_mark.line + 1
            found.written[key_path] = key_node.value
            _walk(value_node, key_path, loader, found)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            found.lines[(*path, position)] = item.start_mark.line + 1
            _walk(item, (*path, position), loader, found)
