"""Form fields shared by the blueprints: ids a database column can hold, finite decimals.

Forms only check the shape of a value; what it means is the services' business.
Every integer a form passes to a query is bounded here, so that no value a
client sends can overflow a database integer (an error, not a "no such row").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from wtforms import DecimalField, IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import HiddenInput

from quiz.security import MAX_ID

__all__ = ["FiniteDecimalField", "HiddenId", "HiddenCount", "HiddenMillis", "MAX_MILLIS"]

#: Latest epoch milliseconds a form may carry (year 2286); time stamps beyond are refused.
MAX_MILLIS = 10**13


class FiniteDecimalField(DecimalField):
    """A decimal that refuses ``NaN``, ``sNaN`` and infinities (they compare with nothing)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if isinstance(self.data, Decimal) and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Enter a number."))


def HiddenId(**kwargs: Any) -> IntegerField:  # noqa: N802 - reads as a field class in forms
    """A required hidden id, 1 to :data:`MAX_ID`."""
    return IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, MAX_ID)], **kwargs)


def HiddenCount(**kwargs: Any) -> IntegerField:  # noqa: N802
    """A required hidden count, 0 to :data:`MAX_ID`."""
    return IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(0, MAX_ID)], **kwargs)


def HiddenMillis(**kwargs: Any) -> IntegerField:  # noqa: N802
    """An optional hidden time stamp in epoch milliseconds."""
    return IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(0, MAX_MILLIS)], **kwargs)
