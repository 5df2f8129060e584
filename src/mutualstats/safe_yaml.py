"""Load a project YAML file (``source.yaml``) safely and strictly.

PyYAML's safe loader builds only plain data, but it lets a later duplicate key win silently (which
can hide a tampered ``sha256:``) and expands anchors and aliases (a few hundred bytes of aliases
can expand to gigabytes). This loader rejects duplicate keys, anchors and aliases, and files larger
than :data:`MAX_YAML_BYTES`, each as a problem naming the file and line.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from mutualstats.errors import DataValidationError, Problem

#: The largest source.yaml read; the project's largest is about 30 kB.
MAX_YAML_BYTES = 512 * 1024


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
        For a file too large, not UTF-8, not valid YAML, or with a duplicate key, an anchor or an
        alias: one problem with the file and, where known, the line.
    """
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            check = f"file is larger than {MAX_YAML_BYTES // 1024} kB; is it the right file?"
            raise DataValidationError([Problem(label, None, None, check, f"{size} bytes")])
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataValidationError(
            [Problem(label, None, None, "bytes are not UTF-8", str(error))]
        ) from None
    except OSError as error:
        raise DataValidationError(
            [Problem(label, None, None, "cannot be read", error.strerror or str(error))]
        ) from None
    try:
        return copy.deepcopy(_parse(text))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        problem = getattr(error, "problem", None) or str(error)
        raise DataValidationError(
            [Problem(label, line, None, f"malformed YAML: {problem}", None)]
        ) from None
    except (ValueError, TypeError, OverflowError) as error:
        # A value with an explicit tag (!!timestamp, !!int) that cannot be built.
        raise DataValidationError(
            [Problem(label, None, None, f"a tagged value cannot be read: {error}", None)]
        ) from None


@lru_cache(maxsize=64)
def _parse(text: str) -> object:
    """The data in ``text``, parsed once per distinct content (a build reads each file often)."""
    _refuse_anchors_and_aliases(text)
    return yaml.load(text, Loader=StrictLoader)
