"""Holdspace's own words for what Django's form fields, validators and model fields say when input is refused.

Django's defaults ("This field is required.", "Ensure this value has at most 20000 characters (it has
300000).") are written for developers, and its Spanish speaks "usted" where every page speaks "tú".
`field_messages_install` (called from WebConfig.ready, before any form module is imported) puts these
words in their place, so every form, everywhere, speaks with one voice in both languages.

A field that says something more precise keeps doing so: `error_messages=` on a field, and a form's own
`ValidationError`s, win over these defaults.
"""
from django import forms
from django.core import validators
from django.db import models
from django.forms import formsets
from django.forms import models as model_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

FILL_IN = _("Please fill this in.")
CHOOSE_ONE = _("Please choose one of the options shown.")
CHOOSE_FROM = _("Please choose from the options shown.")

# Each form field class and the words it uses for each kind of error (its `default_error_messages`).
FIELD_WORDS = {
    forms.Field: {"required": FILL_IN},
    forms.BooleanField: {"required": _("Please tick this box to go on.")},
    forms.ChoiceField: {"required": _("Please choose one."), "invalid_choice": CHOOSE_ONE},
    forms.MultipleChoiceField: {"required": _("Please choose at least one."), "invalid_choice": CHOOSE_FROM,
                                "invalid_list": CHOOSE_FROM},
    model_forms.ModelChoiceField: {"required": _("Please choose one."), "invalid_choice": CHOOSE_ONE},
    model_forms.ModelMultipleChoiceField: {"required": _("Please choose at least one."),
                                           "invalid_choice": CHOOSE_FROM, "invalid_list": CHOOSE_FROM,
                                           "invalid_pk_value": CHOOSE_FROM},
    forms.IntegerField: {"invalid": _("Please give a whole number, such as 3.")},
    forms.FloatField: {"invalid": _("Please give a number, such as 3 or 2.5.")},
    forms.DecimalField: {"invalid": _("Please give a number, such as 3 or 2.5.")},
    forms.DateField: {"invalid": _("Please give a real date, such as 2026-12-20.")},
    forms.TimeField: {"invalid": _("Please give a time of day, such as 18:30.")},
    forms.DateTimeField: {"invalid": _("Please give a real date and time, such as 2026-12-20 18:30.")},
    forms.DurationField: {"invalid": _("Please give a length of time, such as 1:30:00."),
                          "overflow": _("Please give a number of days between {min_days} and {max_days}.")},
    forms.SplitDateTimeField: {"invalid_date": _("Please give a real date, such as 2026-12-20."),
                               "invalid_time": _("Please give a time of day, such as 18:30.")},
    forms.MultiValueField: {"invalid": _("Please fill in every part of this."),
                            "incomplete": _("Please fill in every part of this.")},
    forms.FileField: {
        "required": _("Please choose a file."),
        "invalid": _("That did not arrive as a file. Please choose the file again."),
        "missing": _("No file arrived. Please choose the file again."),
        "empty": _("The file you chose is empty: it has nothing in it to add."),
        "max_length": ngettext_lazy(
            "Please give the file a shorter name: at most %(max)d character (this one has %(length)d).",
            "Please give the file a shorter name: at most %(max)d characters (this one has %(length)d).",
            "max"),
        "contradiction": _("Please either choose a new file or tick the box to remove the old one, not both."),
    },
    forms.ImageField: {"invalid_image": _("This file is not a picture that can be read. Please add a JPEG or PNG "
                                          "image.")},
    forms.URLField: {"invalid": _("Please give a web address, such as https://example.org.")},
    forms.UUIDField: {"invalid": _("This code is not in the expected form. Please check it.")},
    forms.JSONField: {"invalid": _("This could not be read. Please check it.")},
}

# Validator classes whose class-level `message` every instance uses unless given its own.
VALIDATOR_WORDS = {
    validators.RegexValidator: _("This is not in the expected form. Please check it."),
    validators.URLValidator: _("Please give a web address, such as https://example.org."),
    validators.EmailValidator: _("Please give an email address, like name@example.org."),
    validators.BaseValidator: _("Please check this value."),
    validators.MaxValueValidator: _("Please give a number no higher than %(limit_value)s."),
    validators.MinValueValidator: _("Please give a number no lower than %(limit_value)s."),
    validators.StepValueValidator: _("Please give a multiple of %(limit_value)s."),
    validators.MinLengthValidator: ngettext_lazy(
        "Please write at least %(limit_value)d character here (this has %(show_value)d).",
        "Please write at least %(limit_value)d characters here (this has %(show_value)d).",
        "limit_value"),
    validators.MaxLengthValidator: ngettext_lazy(
        "This can be at most %(limit_value)d character long, and it has %(show_value)d. Please shorten it.",
        "This can be at most %(limit_value)d characters long, and it has %(show_value)d. Please shorten it.",
        "limit_value"),
    validators.ProhibitNullCharactersValidator: _("This contains an invisible character that cannot be kept. "
                                                  "Please type it again rather than pasting it."),
    validators.FileExtensionValidator: _("Files of this type cannot be added here."),
}

# Validators Django builds once as module-level instances, with words of their own.
INSTANCE_WORDS = {
    "validate_integer": _("Please give a whole number, such as 3."),
    "validate_slug": _("Please use only letters, numbers, hyphens and underscores."),
    "validate_unicode_slug": _("Please use only letters, numbers, hyphens and underscores."),
}

# What a model field says when a model form checks it again (most are caught by the form field first).
MODEL_FIELD_WORDS = {
    "invalid_choice": CHOOSE_ONE,
    "null": FILL_IN,
    "blank": FILL_IN,
    "unique": _("This %(field_label)s is already in use. Please choose another."),
    "unique_for_date": _("This %(field_label)s is already in use for that %(date_field_label)s."),
}

FORMSET_WORDS = {
    "missing_management_form": _("This form arrived incomplete. Please reload the page and fill it in again."),
    "too_many_forms": ngettext_lazy("Please send at most %(num)d item.", "Please send at most %(num)d items.", "num"),
    "too_few_forms": ngettext_lazy("Please send at least %(num)d item.", "Please send at least %(num)d items.",
                                   "num"),
}


def field_messages_install() -> None:
    """Give Django's form fields, validators, model fields and formsets Holdspace's words (idempotent)."""
    for field_class, words in FIELD_WORDS.items():
        # Each class gets its own dict, so a subclass's words never leak into its parent's.
        field_class.default_error_messages = {**field_class.__dict__.get("default_error_messages", {}), **words}
    for validator_class, words in VALIDATOR_WORDS.items():
        validator_class.message = words
    for name, words in INSTANCE_WORDS.items():
        getattr(validators, name).message = words
    models.Field.default_error_messages = {**models.Field.default_error_messages, **MODEL_FIELD_WORDS}
    formsets.BaseFormSet.default_error_messages = {**formsets.BaseFormSet.default_error_messages, **FORMSET_WORDS}


class NamedFileField(forms.FileField):
    """A file field whose words about an empty file say which file it was."""

    default_error_messages = {
        "empty": _("%(name)s is empty: there is nothing in it. Please check the file and choose it again."),
    }

    def to_python(self, data):
        if data not in self.empty_values and not self.allow_empty_file and not getattr(data, "size", 1):
            name = str(getattr(data, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:120]
            raise forms.ValidationError(self.error_messages["empty"], code="empty", params={"name": name})
        return super().to_python(data)
