"""Writing definition data back as YAML, and changing one top-level field of YAML text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from tandem.instruments.yaml_text import yaml_load

# The order fields are written in, as in docs/INSTRUMENTS.md; anything else keeps its order.
_ORDER = [
    "slug", "title", "version", "purpose", "source", "respondent", "subject", "instructions",
    "scales", "sections", "scoring", "decision",
    "key", "type", "text", "pro", "anti", "scale", "red_flag", "subscale", "required",
    "options", "min", "max", "long", "notes", "intro", "items",
    "value", "label", "points", "not_applicable",
]  # fmt: skip


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _ordered(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    rank = {name: index for index, name in enumerate(_ORDER)}
    keys = sorted(value, key=lambda k: rank.get(k, len(_ORDER)))
    return dumper.represent_mapping("tag:yaml.org,2002:map", [(k, value[k]) for k in keys])


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dict, _ordered)
_Dumper.add_multi_representer(dict, _ordered)


def definition_dump(data: dict[str, Any]) -> str:
    """YAML text for definition data: fields in the documented order, long text as blocks."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _with_comment(line: str) -> Callable[[re.Match[str]], str]:
    """A replacement for a field's line that keeps the comment at its end."""
    return lambda match: line + (f"  {match[1]}" if match[1] else "")


def top_field_set(text: str, values: dict[str, Any]) -> str:
    """`text` with top-level scalar fields changed, keeping comments and layout when possible.

    Each field is replaced on its own line; when that cannot be done safely (the field spans
    several lines, or the result reads differently from what was meant), the whole definition
    is written again with `definition_dump`.
    """
    data = yaml_load(text, origin="text")
    wanted = {**data, **values}
    changed = text
    for name, value in values.items():
        line = yaml.dump({name: value}, Dumper=_Dumper, width=10_000).strip()
        pattern = re.compile(rf"^{re.escape(name)}:[ \t]*(?![>|])[^\n#]*?[ \t]*(#[^\n]*)?$", re.M)
        if len(pattern.findall(changed)) != 1 or "\n" in line:
            return definition_dump(dict(wanted))
        changed = pattern.sub(_with_comment(line), changed)
    try:
        if yaml_load(changed, origin="text") == wanted:
            return changed
    except ValueError:
        pass
    return definition_dump(dict(wanted))
