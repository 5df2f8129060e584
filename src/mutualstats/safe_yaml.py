"""Load a project YAML file (``source.yaml``) safely and strictly.

PyYAML's safe loader builds only plain data, but it lets a later duplicate key win silently (which
can hide a tampered ``sha256:``) and expands anchors and aliases (a few hundred bytes of aliases
can expand to gigabytes). This loader rejects duplicate keys, merge keys (``<<:``), anchors and
aliases, and files larger than :data:`MAX_YAML_BYTES`, each as a problem naming the file and line.
A parse error names its line and column, and a common slip (a tab used for indentation, a second
document, a quote never closed) is said in plain words with what to do (:func:`_plain_words`).
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

from mutualstats.encoding import bad_bytes
from mutualstats.errors import DataValidationError, Problem

#: The largest source.yaml read; the project's largest is about 30 kB.
MAX_YAML_BYTES = 512 * 1024


#: The tag of a merge key (``<<: {...}``), which would copy keys in from elsewhere.
MERGE_TAG = "tag:yaml.org,2002:merge"

#: Characters YAML reserves, which cannot start a value written without quotes.
RESERVED_STARTS = ("@", "`", "%")

#: Slips whose plain words need nothing from the text: a fragment of PyYAML's words for the
#: problem (libyaml's and the pure-Python parser's, or the context they give), and what to do.
PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (
        "found another document",
        "a second YAML document starts here, after '---': a source.yaml holds one; remove the "
        "'---' line and keep every key in the one mapping",
    ),
    ("<document start>", "text follows the end marker '...': remove the '...' line"),
    (
        "sequence entries are not allowed",
        "a list item ('- ') on its key's line: start the list on the next line",
    ),
    (
        "block collection",
        "a key where a list item ('- ') is expected: a list and keys are mixed; start each item "
        "with '- ', or line the key up with its mapping's keys",
    ),
    (
        "escape character",
        "a backslash starts an escape YAML does not know: write \\\\ for a backslash, or put "
        "the value in single quotes",
    ),
)

#: A line break as YAML reads one (its marks count lines by these).
YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


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
        raw = path.read_bytes()
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = bad_bytes(raw, error)
        raise DataValidationError(
            [Problem(label, bad.line, None, bad.check(), bad.value)]
        ) from None
    except OSError as error:
        raise DataValidationError(
            [Problem(label, None, None, "cannot be read", error.strerror or str(error))]
        ) from None


def _yaml_problem(error: yaml.YAMLError, text: str, label: str) -> Problem:
    """One problem for a parse error, with its line and column and what to do: a character the
    reader refuses (a NUL, a control character) is named by its code point, on its line; a slip
    :func:`_plain_words` knows is said in its words; any other is PyYAML's own words."""
    if isinstance(error, ReaderError):
        character = error.character
        code = character if isinstance(character, int) else ord(character)
        check = f"malformed YAML: character U+{code:04X} is not allowed ({error.reason}); remove it"
        return Problem(label, _line_of_offset(text, error.position), None, check, None)
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return Problem(label, None, None, f"malformed YAML: {problem}", None)
    plain = _plain_words(error, YAML_LINE_BREAK.split(text))
    if plain is not None:
        mark, problem = plain
    check = f"malformed YAML at column {mark.column + 1}: {problem}"
    return Problem(label, mark.line + 1, None, check, None)


def _plain_words(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[yaml.Mark, str] | None:
    """Where a common slip is and what to do about it, in plain words; None for another problem.

    PyYAML's position is kept, except where it is past the slip: an unclosed quote or bracket and
    a key without its colon are named where they start (PyYAML's context mark), not where the
    parser gave up. Both parsers' words are read: libyaml's and the pure-Python one's.
    """
    problem, context = error.problem or "", error.context or ""
    mark, opened = error.problem_mark, error.context_mark
    found = _character_at(lines, mark)
    before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
    if "cannot start any token" in problem or "tab character" in problem:
        words = _character_words(found, before)
        return None if words is None else (mark, words)
    if opened is not None and "end of stream" in problem and "quoted scalar" in context:
        return (
            opened,
            "the quoted value that starts here is never closed: close it with the same quote",
        )
    if opened is not None and "expected ':'" in problem:
        return opened, "a key without ':' after it: write 'key: value'"
    if "flow sequence" in context or "flow mapping" in context:
        return _unclosed_bracket(error)
    if "mapping values are not allowed" in problem:
        if ": " in before:
            return mark, "a value holds ': ': put the whole value in quotes"
        return (
            mark,
            "a key indented more than the line above it: line it up with its mapping's keys",
        )
    if "block mapping" in context:
        return mark, _misplaced_in_mapping(found, before)
    tag = re.search(r"constructor for the tag '(.*)'", problem)
    if tag:
        return mark, f"a tag YAML cannot build ({tag.group(1)}): remove it"
    for fragment, words in PLAIN_WORDS:
        if fragment in f"{context} {problem}":
            return mark, words
    return None


def _character_words(found: str | None, before: str) -> str | None:
    """What to do about a character no token can start with: a tab, or one YAML reserves."""
    if found == "\t":
        if before.strip():
            return "a tab is used where YAML needs a space: use spaces"
        return "a tab is used for indentation: indent with spaces"
    if found in RESERVED_STARTS:
        return f"a value cannot start with {found!r}: put the whole value in quotes"
    return None


def _misplaced_in_mapping(found: str | None, before: str) -> str:
    """What to do where a mapping's next key was expected and something else was found."""
    if found == "-":
        return (
            "a list item ('- ') where a key is expected: indent a list's items alike under their "
            "key, and do not mix list items with keys"
        )
    if before.rstrip().endswith(("'", '"')):
        return (
            "text after a closing quote: a quote ends the value early here or above; put the "
            "whole value in one pair of quotes"
        )
    if before.strip():
        return "text after the value: remove it, or put the whole value in quotes"
    return "a line not lined up with the keys around it: indent it like them"


def _unclosed_bracket(error: yaml.MarkedYAMLError) -> tuple[yaml.Mark, str]:
    """Where a list in ``[ ]`` or a mapping in ``{ }`` opens that is not closed (or lacks a comma
    where PyYAML stopped)."""
    mark, opened = error.problem_mark, error.context_mark or error.problem_mark
    opening, closing = ("[", "]") if "sequence" in (error.context or "") else ("{", "}")
    return opened, (
        f"the '{opening}' opened here is not closed: close it with '{closing}' (or add the comma "
        f"missing before line {mark.line + 1} column {mark.column + 1})"
    )


def _character_at(lines: list[str], mark: yaml.Mark) -> str | None:
    """The character at ``mark``; None at the end of a line or of the file."""
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return None


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
