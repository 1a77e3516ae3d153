"""Safe YAML reading that keeps line numbers and refuses what could exhaust memory.

PyYAML's safe loader is used twice over the same text: once for events (to refuse aliases
and over-deep nesting before anything is built), once for the node tree (to map every field
path to the line it sits on and to find duplicate keys, which PyYAML would silently merge).
Timestamps are left as strings, so `date: 2023-03-08` stays text as the pack wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 40

Path_ = tuple[str | int, ...]


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when installed: ~10x faster


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader without the timestamp resolver (dates stay strings)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlProblem(Exception):
    """A file that cannot be read as data: message and 1-based line (or None)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Document:
    """One parsed file: its data and the line of every field path."""

    label: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of the longest prefix of ``path`` that the file has."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def parse_yaml(text: str, label: str) -> Document:
    """Parse one YAML (or JSON) document into data with a line map.

    Raises
    ------
    YamlProblem
        For syntax errors, aliases, over-deep nesting, several documents or duplicate keys.
    """
    depth = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(
                    "YAML aliases (*name) are not allowed in a pack: write the value out in full",
                    event.start_mark.line + 1,
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(
                        f"nesting deeper than {MAX_DEPTH} levels: flatten the file",
                        event.start_mark.line + 1,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        "the file holds several YAML documents ('---'): keep one per file",
                        event.start_mark.line + 1,
                    )
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise YamlProblem("the file is empty", 1)
            lines: dict[Path_, int] = {}
            _map_lines(node, (), lines)
            data = loader.construct_document(node)  # safe constructor, from the same parse
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        # an unclosed quote or bracket is found at the end of the file: point at where it opened
        opened = "unexpected end of stream" in reason and exc.context_mark is not None
        mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
        line = mark.line + 1 if mark is not None else None
        hint = _yaml_hint(reason)
        if not hint and line is not None and "\t" in _indent_of(text, line):
            hint = ": indent with spaces, not tabs"
        raise YamlProblem(f"not valid YAML: {reason}{hint}", line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"not valid YAML: {exc}", None) from None
    except RecursionError:
        raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels: flatten the file", None) from None
    return Document(label=label, data=data, lines=lines)


#: What to do about PyYAML's commonest complaints, in a pack author's words.
_YAML_HINTS = (
    ("tab character", "indent with spaces, not tabs"),
    ("did not find expected key", "check this line's indentation against the lines above it"),
    ("did not find expected ',' or ']'", "close the [ … ] list, or put a text that holds a comma in quotation marks"),
    ("mapping values are not allowed", "check this line's indentation against the line above, or put a text "
                                       "that holds ': ' in quotation marks"),
    ("expected <block end>", "check this line's indentation against the lines above it"),
    ("did not find expected ',' or '}'", "put a text that holds a comma, a colon or a brace in quotation marks"),
    ("found unexpected end of stream", "close the quotation mark or bracket opened on this line"),
)


def _indent_of(text: str, line: int) -> str:
    """The whitespace that opens line ``line`` (1-based) of ``text``."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    body = lines[line - 1]
    return body[: len(body) - len(body.lstrip())]


def _yaml_hint(reason: str) -> str:
    return next((f": {hint}" for found, hint in _YAML_HINTS if found in reason), "")


def _map_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlProblem(
                    f"key {key!r} appears twice in the same mapping (first on line {seen[key]}): "
                    "keep one",
                    key_line,
                )
            seen[key] = key_line
            lines[path + (key,)] = key_line
            _map_lines(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, path + (index,), lines)
