from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from holdspace.accounts.forms import clean_address
from holdspace.audit.checkpoints import MAX_TEXT, NOT_SIGNED_HERE, UNREADABLE, checkpoint_read
from holdspace.organisations.models import SANCTION_REASON_MAX, Organisation, Role
from holdspace.web.field_messages import NamedFileField


# Words that are already part of organisation addresses.
RESERVED_SLUGS = frozenset({"new"})


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Role.choices, **kwargs)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person you invite"), max_length=254)
    roles = RolesField(label=_("Roles"), initial=[Role.MEMBER])

    def clean_email(self) -> str:
        return clean_address(self.cleaned_data["email"])


class RolesForm(forms.Form):
    roles = RolesField(
        label=_("Roles"),
        required=False,
        help_text=_("Remove every role to take the person out of the organisation."),
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    slug = forms.SlugField(
        label=_("Short name for links"),
        max_length=80,
        required=False,
        help_text=_("Letters, numbers and hyphens. Left empty, it is made from the name."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Organisation.Kind.choices,
        help_text=_("A network is an organisation whose members are organisations."),
    )
    description = forms.CharField(
        label=_("What this organisation does"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    city = forms.CharField(
        label=_("City"), required=False, max_length=120,
        help_text=_("Where it works, so that people looking for where to report can find it. Leave empty if it "
                    "works everywhere or online."),
    )

    def clean(self):
        cleaned = super().clean()
        slug = (cleaned.get("slug") or slugify(cleaned.get("name", ""))[:80]).lower()
        if slug in RESERVED_SLUGS:
            self.add_error("slug", _("This short name is taken. Please choose another."))
        elif not slug:
            self.add_error("slug", _("Please choose a short name made of letters or numbers."))
        elif Organisation.objects.filter(slug=slug).exists():
            self.add_error("slug", _("This short name is taken. Please choose another."))
        cleaned["slug"] = slug
        return cleaned


class DetailsForm(forms.Form):
    """What an administrator may change about the organisation once it exists (its short name stays: links use
    it)."""

    name = OrganisationForm.base_fields["name"]
    description = OrganisationForm.base_fields["description"]
    language = forms.ChoiceField(
        label=_("Language of the description"), choices=settings.LANGUAGES, required=False,
        help_text=_("Readers in another language read the version you write for them below, or this one."))
    city = OrganisationForm.base_fields["city"]


class DescriptionTranslationForm(forms.Form):
    description = forms.CharField(
        label=_("What this organisation does"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Left empty, readers in this language read the description as first written."))


class ManagerForm(forms.Form):
    manager = forms.TypedChoiceField(
        label=_("Reports to"), coerce=int, empty_value=None, required=False,
        help_text=_("Used to keep reports about a manager away from the people who report to him."),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].choices = [("", _("Nobody here"))] + [(p.pk, p.display_name) for p in people]


class CheckpointForm(forms.Form):
    """A checkpoint of the record of changes, as the file kept or its text pasted."""

    file = NamedFileField(label=_("The checkpoint file you kept"), required=False)
    text = forms.CharField(
        label=_("Or paste its text"), required=False, widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("Everything in the file, from the first { to the last }."),
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        where = "file" if upload else "text"
        if upload:
            try:
                text = upload.read(MAX_TEXT + 1).decode("utf-8")
            except UnicodeDecodeError:
                text = "\0" * (MAX_TEXT + 1)  # read as no checkpoint below
        if not text.strip():
            raise forms.ValidationError(_("Choose the checkpoint file you kept, or paste its text."))
        try:
            data["checkpoint"] = checkpoint_read(text)
        except ValueError as refused:
            self.add_error(where, CHECKPOINT_REFUSED.get(str(refused), CHECKPOINT_REFUSED[UNREADABLE]))
        return data


CHECKPOINT_REFUSED = {
    UNREADABLE: _("This is not a checkpoint of Holdspace's record of changes. Choose the file you downloaded "
                    "from this page, as it was."),
    NOT_SIGNED_HERE: _("This checkpoint's signature is not this server's: it was changed after it was downloaded, or "
                   "another server issued it."),
}


class SanctionForm(forms.Form):
    """Why the network suspends or expels a member: its administrators read it."""
    reason = forms.CharField(
        label=_("Reason"), max_length=SANCTION_REASON_MAX, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write the reason: the member organisation's administrators will "
                                      "read it.")},
        help_text=_("The member organisation's administrators read this, and it stays in the network's record. "
                    "Say what happened and what the network expects; leave out the names of people who reported."))
