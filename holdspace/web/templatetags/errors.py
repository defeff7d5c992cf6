"""`{% error_summary form other_form %}`: one box at the top of a page that names each field in error and links to it."""
from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class ErrorLine:
    text: str
    anchor: str = ""  # the id of the input to go to; empty for errors of the whole form


def _field_anchor(bound_field) -> str:
    """The id of the field's input, or of its first choice when the field is a group of them (radio, checkboxes)."""
    return bound_field.id_for_label or (f"{bound_field.auto_id}_0" if bound_field.auto_id else "")


def _form_lines(form: BaseForm) -> tuple[list[ErrorLine], list[ErrorLine]]:
    """The errors of the form as a whole, then those of its fields, in the order the fields are shown."""
    whole = [ErrorLine(str(error)) for error in form.non_field_errors()]
    fields = []
    for bound_field in form:
        for error in bound_field.errors:
            if bound_field.is_hidden:  # nowhere to go: said as an error of the whole form
                whole.append(ErrorLine(str(error)))
            else:
                label = str(bound_field.label or "").rstrip(": ")
                # A label that is a question or a sentence ends on its own mark; any other is followed by a colon.
                text = (f"{label} {error}" if label.endswith(("?", "!", ".", "…")) else f"{label}: {error}") if label \
                    else str(error)
                fields.append(ErrorLine(text, _field_anchor(bound_field)))
    return whole, fields


def error_lines(*forms) -> tuple[list[ErrorLine], list[ErrorLine]]:
    """All errors of the given forms and formsets (None is skipped, unbound ones have none)."""
    whole, fields = [], []
    for form in forms:
        if form is None or not getattr(form, "is_bound", False):
            continue
        members = [form]
        if isinstance(form, BaseFormSet):
            whole.extend(ErrorLine(str(error)) for error in form.non_form_errors())
            members = form.forms
        for member in members:
            member_whole, member_fields = _form_lines(member)
            whole.extend(member_whole)
            fields.extend(member_fields)
    return whole, fields


@register.inclusion_tag("web/_error_summary.html")
def error_summary(*forms):
    """The summary box, shown only when one of the forms has errors."""
    whole, fields = error_lines(*forms)
    return {"whole": whole, "fields": fields}
