"""No Django default reaches a person: every form Holdspace defines, sent empty and sent absurdly long, answers in
Holdspace's own words, in English and in Spanish ("tú", never Django's "usted")."""
import ast
import importlib
import inspect
import re
from pathlib import Path

import django
import polib
import pytest
from django import forms
from django.contrib.auth import password_validation
from django.utils import translation

from holdspace.accounts.models import User
from holdspace.organisations.models import Organisation
from tests.test_architecture import HOLDSPACE

DJANGO = Path(django.__file__).parent
# Where Django keeps the words its fields, validators, formsets, model fields and password checks use.
DJANGO_SOURCES = ["forms/fields.py", "forms/models.py", "forms/formsets.py", "core/validators.py",
                  "db/models/fields/__init__.py", "db/models/base.py", "contrib/auth/password_validation.py"]
DJANGO_CATALOGUES = ["conf/locale/es/LC_MESSAGES/django.po", "contrib/auth/locale/es/LC_MESSAGES/django.po"]
TRANSLATING = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w+\}")
# The polite "usted" of Django's Spanish, in the verbs its messages begin with.
USTED = re.compile(r"\b(usted|asegúrese|introduzca|escoja|seleccione|envíe|compruebe|elija|indique|ingrese|"
                   r"proporcione|corrija|su contraseña)\b", re.IGNORECASE)
LONG = "x" * 300_000


def _django_words() -> set[str]:
    """Every literal string Django's sources hand to a translation function."""
    words = set()
    for source in DJANGO_SOURCES:
        tree = ast.parse((DJANGO / source).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in TRANSLATING:
                words.update(arg.value for arg in node.args if isinstance(arg, ast.Constant)
                             and isinstance(arg.value, str) and " " in arg.value)
    return words


def _pattern(words: str) -> re.Pattern | None:
    """The words as a pattern with any value in place of their placeholders; None when too little is fixed."""
    parts = PLACEHOLDER.split(words)
    if sum(len(part.strip()) for part in parts) < 12:
        return None
    return re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)


def _django_patterns() -> tuple[list[re.Pattern], list[re.Pattern]]:
    english = _django_words()
    spanish = set()
    for catalogue in DJANGO_CATALOGUES:
        for entry in polib.pofile(str(DJANGO / catalogue)):
            if entry.msgid in english or entry.msgid_plural in english:
                spanish.update(filter(None, [entry.msgstr, *entry.msgstr_plural.values()]))
    patterns = [[p for p in map(_pattern, sorted(words)) if p is not None] for words in (english, spanish)]
    return patterns[0], patterns[1]


ENGLISH_DEFAULTS, SPANISH_DEFAULTS = _django_patterns()


def test_the_default_words_are_found_where_django_keeps_them():
    assert any(p.search("This field is required.") for p in ENGLISH_DEFAULTS)
    assert any(p.search("Ensure this value has at most 20000 characters (it has 300000).") for p in ENGLISH_DEFAULTS)
    assert any(p.search("Este campo es obligatorio.") for p in SPANISH_DEFAULTS)
    assert USTED.search("Asegúrese de que este valor tenga menos de 10 caracteres")


def _form_classes() -> list[type]:
    """Every form and formset class defined in Holdspace's forms modules."""
    modules = [importlib.import_module(f"holdspace.{path.parent.name}.forms")
               for path in sorted(HOLDSPACE.glob("*/forms.py"))]
    found = set()
    for module in modules:
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, forms.BaseFormSet) and hasattr(value, "form"):
                found.add(value)  # made by formset_factory: a formset of one of Holdspace's forms

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found.update(cls for cls in subclasses(forms.BaseForm) if cls.__module__.startswith("holdspace."))
    return sorted(found, key=lambda cls: (cls.__module__, cls.__name__))


def _arguments(cls) -> dict | None:
    """What a form needs to be built beyond its data, when that is easy; None when it cannot be built here."""
    # A subclass may pass its arguments on to its parent's: what any of them requires.
    needed = {name for klass in cls.__mro__ if klass.__module__.startswith("holdspace.") and "__init__" in vars(klass)
              for name, parameter in inspect.signature(klass.__init__).parameters.items()
              if parameter.kind == parameter.KEYWORD_ONLY and parameter.default is parameter.empty}
    easy = {
        "user": User(email="rosa@example.org", display_name="Rosa"),
        "needs_token": True,
        "people": User.objects.all(),
        "has_version_in_force": True,
        "organisation": Organisation(pk=1, name="Riverside", slug="riverside"),
        "with_account": True,
        "requests": [],
    }
    if needed - set(easy):
        return None
    arguments = {name: easy[name] for name in needed}
    if cls.__name__ == "PasswordChangeForm":
        arguments["needs_current"] = True
    return arguments


def _long_data(form: forms.BaseForm, prefix: str = "") -> dict:
    data = {}
    for name, field in form.fields.items():
        key = f"{prefix}{name}"
        if isinstance(field, forms.FileField):
            continue
        data[key] = [LONG] if isinstance(field, forms.MultipleChoiceField) else LONG
    return data


def _errors(cls, arguments: dict, data: dict | None) -> list[str]:
    """The words of every error the form (or formset) gives for `data`, in the language now active."""
    if issubclass(cls, forms.BaseFormSet):
        if data is not None:  # a whole management form, and each form's fields absurdly long
            probe = cls(prefix="form")
            data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0",
                    "form-MAX_NUM_FORMS": "1000",
                    **_long_data(probe.empty_form, "form-0-"), **_long_data(probe.empty_form, "form-1-")}
        formset = cls(data or {}, prefix="form")
        formset.is_valid()
        words = [str(error) for error in formset.non_form_errors()]
        for member in formset.forms:
            words.extend(str(error) for errors in member.errors.values() for error in errors)
        return words
    form = cls(data or {}, files={}, **arguments)
    if data is not None:
        form = cls(_long_data(form), files={}, **arguments)
    form.is_valid()
    return [str(error) for errors in form.errors.values() for error in errors]


FORMS = _form_classes()


def test_every_form_module_is_walked():
    names = {cls.__name__ for cls in FORMS}
    # One of each kind: a plain form, a model form, a formset, a form that needs arguments.
    assert {"SignupForm", "CircleForm", "ReportForm", "PasswordChangeForm"} <= names
    assert any(issubclass(cls, forms.BaseFormSet) for cls in FORMS)
    assert len(FORMS) > 100


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__name__}")
def test_no_django_default_reaches_a_person(cls):
    arguments = {} if issubclass(cls, forms.BaseFormSet) else _arguments(cls)
    if arguments is None:
        pytest.skip(f"{cls.__name__} needs arguments that cannot be made here")
    seen = 0
    for language, defaults in (("en", ENGLISH_DEFAULTS), ("es", SPANISH_DEFAULTS)):
        with translation.override(language):
            for data in (None, "long"):
                words = _errors(cls, arguments, data)
                seen += len(words)
                django_words = [w for w in words if any(pattern.search(w) for pattern in defaults)]
                assert django_words == [], f"{cls.__name__} ({language}) says Django's words: {django_words}"
                if language == "es":
                    assert [w for w in words if USTED.search(w)] == []
    # Nearly every form refuses something empty or 300,000 characters long: a test that saw no error proves nothing.
    assert seen > 0 or not _form_has_limits(cls)


def _form_has_limits(cls) -> bool:
    if issubclass(cls, forms.BaseFormSet):
        return True
    form = cls(**_arguments(cls))
    return any(field.required or getattr(field, "max_length", None) for field in form.fields.values())


def test_an_overlong_answer_says_the_limit_and_how_long_it_is_in_both_languages():
    from holdspace.accounts.forms import ProfileForm

    with translation.override("en"):
        form = ProfileForm({"display_name": LONG, "language": "en"})
        assert form.errors["display_name"] == [
            "This can be at most 80 characters long, and it has 300000. Please shorten it."]
        assert ProfileForm({}).errors == {"display_name": ["Please fill this in."], "language": ["Please choose one."]}
    with translation.override("es"):
        spanish = ProfileForm({"display_name": LONG, "language": "xx"}).errors
        assert "80" in spanish["display_name"][0] and "300000" in spanish["display_name"][0]
        assert not USTED.search(" ".join(spanish["display_name"] + spanish["language"]))


@pytest.mark.parametrize("password, code", [
    ("short", "password_too_short"), ("password123", "password_too_common"), ("12345678901234", "password_entirely_numeric"),
    ("rosa@example.org", "password_too_similar"),
])
def test_password_checks_speak_holdspace_words(password, code):
    user = User(email="rosa@example.org", display_name="Rosa")
    for language, defaults in (("en", ENGLISH_DEFAULTS), ("es", SPANISH_DEFAULTS)):
        with translation.override(language):
            with pytest.raises(forms.ValidationError) as refused:
                password_validation.validate_password(password, user)
            assert code in [error.code for error in refused.value.error_list]
            words = refused.value.messages
            assert words and not [w for w in words if any(p.search(w) for p in defaults) or USTED.search(w)]
