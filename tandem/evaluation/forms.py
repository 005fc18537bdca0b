"""The return-on-investment calculator's costs (docs/EVALUATION.md, "Return on investment").

A GET form beside the evaluation filters: its values travel in the query string, so an
estimate can be bookmarked. Bad input gets a message on its field and the values are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms

from tandem.ui.forms import UswdsFormMixin

TOO_LARGE = "That number is too large."


class MoneyField(forms.DecimalField):
    """Dollars, zero or more, to the cent. "$50,000" is read as 50000."""

    def __init__(self, **kwargs: Any) -> None:
        messages = {
            "invalid": "Enter an amount in dollars as a number, like 85 or 85.50.",
            "min_value": "Enter 0 or more: a cost cannot be negative.",
            "max_decimal_places": "Use at most two digits after the point (cents).",
            "max_digits": TOO_LARGE,
            "max_whole_digits": TOO_LARGE,
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(
            min_value=Decimal(0),
            max_digits=14,
            decimal_places=2,
            error_messages=messages,
            **kwargs,
        )

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("$", "").replace(",", "").strip()
        return super().to_python(value)


class RoiForm(UswdsFormMixin, forms.Form):
    rate = MoneyField(
        label="Coach cost per hour ($)",
        required=False,
        help_text="What one hour of coaching costs: the coach's pay and overhead, or a "
        "contract's hourly rate. It is multiplied by the hours of coaching held in the period.",
    )
    contract = MoneyField(
        label="Or: yearly contract cost ($)",
        required=False,
        help_text="For coaching bought by the year. It is counted for the length of the period.",
    )
    replacement_cost = MoneyField(
        label="Cost of replacing one caseworker ($)",
        help_text="Recruiting, hiring and training a new caseworker, and covering the caseload "
        "until they carry it.",
        error_messages={"required": "Enter what it costs to replace one caseworker."},
    )
    coached_staff = forms.IntegerField(
        label="Number of coached staff (optional)",
        required=False,
        min_value=1,
        max_value=10_000_000,
        help_text="Leave empty to use the staff who had coaching in the period, from Tandem.",
        error_messages={
            "invalid": "Enter a whole number of people, like 40.",
            "min_value": "Enter 1 or more people.",
            "max_value": TOO_LARGE,
        },
    )

    @classmethod
    def submitted(cls, query: Mapping[str, Any]) -> bool:
        """Whether the query string carries the calculator's values (else: show it empty)."""
        return any(name in query for name in cls.base_fields)

    def _cost_errors(self) -> bool:
        return self.has_error("rate") or self.has_error("contract")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rate, contract = data.get("rate"), data.get("contract")
        if rate is not None and contract is not None:
            self.add_error("contract", "Enter a cost per hour or a yearly contract cost, not both.")
        elif rate is None and contract is None and not self._cost_errors():
            message = "Enter the coach's cost per hour, or a yearly contract cost."
            self.add_error("rate", message)
        return data
