"""Pagination shared by every list page (template: people/_pagination.html)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page:
    """The requested page; a missing, bad or too-high page number gives a valid page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def page_links(page: Page) -> list[int | str]:
    """Page numbers to link to, with Paginator.ELLIPSIS where some are left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
