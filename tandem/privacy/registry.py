"""The domain records privacy decides over, handed to it by the apps that own them.

Privacy sits below the domain apps (docs/ARCHITECTURE.md, "Layers"): coaching, agreements,
enrollment, instruments, goals, conversation and lifecycle import the policy, so the policy
cannot import them back. Instead each app registers, in its `AppConfig.ready()`:

- the models the rules are written against (`models_register(Engagement=..., ...)`), which
  privacy code reads as `domain.Engagement` after `from tandem.privacy import registry as
  domain`;
- where each category's confidential records live (`record_source_register`), so that
  `records_visible_to` can read and audit them without knowing the app.

Privacy names domain models in type annotations only, under `TYPE_CHECKING`; at run time it
imports none (the import-linter contract in pyproject.toml checks this).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from tandem.privacy.categories import Category

_MODELS: dict[str, type[Model]] = {}


def models_register(**models: type[Model]) -> None:
    """Called from an app's `ready()`: the models privacy's rules read, by class name."""
    for name, model in models.items():
        if _MODELS.get(name, model) is not model:
            raise ValueError(f"{name} is already registered as {_MODELS[name]!r}")
        _MODELS[name] = model


def __getattr__(name: str) -> Any:
    """`domain.Engagement` and the like: the registered model, or a clear error."""
    if name.startswith("__"):
        raise AttributeError(name)
    try:
        return _MODELS[name]
    except KeyError:
        raise AttributeError(
            f"No app registered {name!r} with privacy: call models_register({name}=...) in "
            "the owning app's AppConfig.ready()."
        ) from None


@dataclass(frozen=True)
class RecordSource:
    """Where records of one category live. `author_field` marks records private to an author."""

    record_type: str
    queryset: Callable[[Any], QuerySet[Any]]  # engagement -> its records of this type
    author_field: str | None = None


_SOURCES: dict[Category, list[RecordSource]] = {}


def record_source_register(category: Category, source: RecordSource) -> None:
    """Apps add their confidential record types here (see docs/PRIVACY.md)."""
    _SOURCES.setdefault(category, []).append(source)


def record_sources(category: Category) -> list[RecordSource]:
    return _SOURCES.get(category, [])
