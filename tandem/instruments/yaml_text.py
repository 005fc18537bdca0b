"""Reading definition YAML: plain data that remembers line numbers, for precise error messages.

Two YAML 1.1 surprises are switched off because they bite people writing forms by hand:
`label: No` stays the text "No" (only true/false are booleans), and `2025-03-31` stays text
(so the data is always JSON and can be cached in the database as it is).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tandem.instruments.definition import DefinitionError

_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class LineDict(dict[str, Any]):
    """A mapping read from YAML, with the line it starts on and the line of each key."""

    line: int | None = None
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        return getattr(self, "key_lines", {}).get(key, self.line)


class _Loader(yaml.SafeLoader):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL_TAG, _TIMESTAMP_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise DefinitionError(
                f'the field "{key}" appears twice (first on line {seen[key]})',
                origin=loader.name,
                line=line,
            )
        seen[key] = line
    data.update(
        {str(key): value for key, value in loader.construct_mapping(node, deep=True).items()}
    )
    data.key_lines = {str(key): line for key, line in seen.items()}


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def yaml_load(text: str, *, origin: str) -> Any:
    """The data in `text`; a syntax error becomes a DefinitionError naming `origin` and the line."""
    loader = _Loader(text)
    loader.name = origin
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = ": ".join(part for part in (error.context, error.problem) if part)
        raise DefinitionError(
            f"the YAML cannot be read: {problem}",
            origin=origin,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise DefinitionError(f"the YAML cannot be read: {error}", origin=origin) from None
    finally:
        loader.dispose()
