"""Small definitions for tests, as plain data that each test changes in one place."""

from __future__ import annotations

import copy
from typing import Any

import yaml

BASE: dict[str, Any] = {
    "slug": "practice-check",
    "title": "Practice check",
    "version": 1,
    "purpose": "A test instrument.",
    "source": "Written for the tests.",
    "respondent": "self",
    "scales": {
        "agree4": {
            "points": [
                {"value": 1, "label": "Strongly disagree"},
                {"value": 2, "label": "Disagree"},
                {"value": 3, "label": "Agree"},
                {"value": 4, "label": "Strongly agree"},
            ],
            "not_applicable": "Not applicable",
        },
        "rank3": {
            "points": [
                {"value": 1, "label": "Most important"},
                {"value": 2, "label": "Important"},
                {"value": 3, "label": "Less important"},
            ],
            "not_applicable": {"value": 4, "label": "Not part of my job"},
        },
    },
    "sections": [
        {
            "key": "about-you",
            "title": "About you",
            "items": [
                {"key": "ready", "type": "yes_no", "text": "Ready?"},
                {"key": "stressed", "type": "yes_no", "text": "Stressed?", "red_flag": True},
                {"key": "listens", "type": "likert", "text": "Listens", "scale": "agree4"},
            ],
        },
        {
            "key": "more",
            "title": "More",
            "items": [
                {
                    "key": "asks",
                    "type": "likert",
                    "text": "Asks",
                    "scale": "agree4",
                    "subscale": "skills",
                    "notes": ["examples"],
                },
                {"key": "plans", "type": "likert", "text": "Plans", "scale": "rank3"},
                {
                    "key": "culture",
                    "type": "paired",
                    "scale": "agree4",
                    "pro": "We learn.",
                    "anti": "We blame.",
                },
                {
                    "key": "setting",
                    "type": "choice",
                    "text": "Where?",
                    "options": [
                        {"value": "home", "label": "Home visit"},
                        {"value": "office", "label": "Office"},
                    ],
                },
                {"key": "minutes", "type": "number", "text": "Minutes", "min": 0, "max": 600},
                {"key": "held-on", "type": "date", "text": "When?"},
                {"key": "comments", "type": "text", "text": "Anything else?", "long": True},
            ],
        },
    ],
    "scoring": [
        {"key": "yes", "label": "Yes answers", "method": "count_yes", "exclude_red_flags": True},
        {"key": "no", "label": "No answers", "method": "count_no", "exclude_red_flags": True},
        {
            "key": "mean",
            "label": "Average",
            "method": "mean",
            "items": ["listens", "asks"],
            "bands": [
                {"min": 3, "max": 4, "label": "Strength"},
                {"min": 1, "max": 2.5, "label": "Room to grow"},
            ],
        },
    ],
    "decision": {
        "compare": ["yes", "no"],
        "greater": {"label": "Ready"},
        "less": {"label": "Not yet"},
        "equal": {"label": "Talk it through"},
    },
}


def data(**changes: Any) -> dict[str, Any]:
    """A deep copy of BASE with top-level fields replaced (None removes a field)."""
    result = copy.deepcopy(BASE)
    for name, value in changes.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result


def as_yaml(value: dict[str, Any]) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True)
