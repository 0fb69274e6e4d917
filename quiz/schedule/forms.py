"""Forms of the memory-model settings. Fields only; the memory services decide what they mean."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class OptimizeForm(FlaskForm):
    """Queue an optimization of the learner's parameters."""

    reschedule = BooleanField("Also move due dates to what the new parameters give")


class DefaultsForm(FlaskForm):
    """Queue a return to fsrs's default parameters."""

    reschedule = BooleanField("Also move due dates to what the defaults give")


class ComfortsForm(FlaskForm):
    """Load balancing and easy days."""

    load_balance = BooleanField("Load balancing: spread reviews so that days stay even")
    easy_days = SelectMultipleField(
        "Easy days",
        choices=[SelectChoice(str(day), name) for day, name in enumerate(WEEKDAYS)],
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )


class RetentionForm(FlaskForm):
    """Adopt a suggested desired retention."""

    retention = DecimalField(widget=HiddenInput(), places=2, validators=[InputRequired(), NumberRange(0.70, 0.97)])
