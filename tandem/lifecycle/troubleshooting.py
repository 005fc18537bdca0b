"""The checklist for coaching that has stalled, read from troubleshooting.yaml (data)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

PATH = Path(__file__).resolve().parent / "troubleshooting.yaml"


@cache
def checklist() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PATH.read_text())
    return data
