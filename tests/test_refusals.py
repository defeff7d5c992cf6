"""One way to refuse: services raise a `Refusal` with a code, and each app's map beside its views
gives every code it raises words in every language. Services never carry translated words."""
import ast
import importlib

import pytest
from django.utils import translation
from django.utils.functional import Promise

from holdspace.web.refusals import FALLBACK, Refusal, refusal_message
from tests.test_architecture import HOLDSPACE, NOT_LOGIC, _modules

# Logic modules that hold words on purpose: labels and advice shown as they are, request-side helpers
# that speak to the person in front of the page, and the settings' language names.
WORDED = {
    "settings.py", "organisations/labels.py", "reports/pathways.py", "stories/feeds.py",
    "stories/prechecks/__init__.py", "assessments/questionnaire.py", "assessments/charts.py",
    "accounts/middleware.py", "accounts/two_factor.py",
    # What a reporter may need now, and where her report stands in her words, shown as they are.
    "reports/needs.py", "reports/status.py",
    # The default types of case and the severities a handler chooses from, shown as they are.
    "reports/classification.py",
    # A file refused as it arrives, before any form or service sees the request.
    "web/uploads.py",
    # Holdspace's words for what Django's fields, validators and password checks refuse.
    "web/field_messages.py", "accounts/passwords.py",
    # The one way dates are written for people ("by the end of 20 December 2026").
    "web/dates.py",
    # The names of the offered languages as they sit in a sentence ("no Spanish version yet").
    "web/languages.py",
    # The annual accountability report in words, for its page and its PDF, and a network's overview as a spreadsheet.
    "accountability/annual_words.py", "accountability/annual_pdf.py", "accountability/overview_export.py",
    # What each audit entry means, in words, registered by every app.
    "audit/words.py", *(str(path.relative_to(HOLDSPACE)) for path in HOLDSPACE.glob("*/audit_words.py")),
    # A person's own data as he reads it back, and what deleting his account would do, in each app's words.
    "accounts/account_data.py",
    *(f"{app}/personal_data.py" for app in ("keys", "organisations", "reports", "circles", "inventory", "stories",
                                            "conduct", "vetting", "assessments", "concerns")),
}
# Exceptions a primitive raises for its caller, never shown to a person as they are.
GROUND_ERRORS = {"crypto"}


def _raised_codes() -> dict[str, set[str]]:
    """Every literal code in a `Refusal("…")` of each app's own modules."""
    codes: dict[str, set[str]] = {}
    for app, _path, tree in _modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Refusal"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                codes.setdefault(app, set()).add(node.args[0].value)
    return codes


def _refusals_of(app: str) -> dict[str, str]:
    return importlib.import_module(f"holdspace.{app}.refusals").REFUSALS


CODES = _raised_codes()


@pytest.mark.parametrize("app", sorted(set(CODES) - {"web"}))
def test_every_code_an_app_raises_has_words_in_its_map(app):
    assert CODES[app] - set(_refusals_of(app)) == set()


@pytest.mark.parametrize("app", sorted(set(CODES) - {"web"}))
def test_every_map_is_translated_words_and_reads_in_spanish(app):
    refusals = _refusals_of(app)
    assert all(isinstance(words, Promise) for words in refusals.values())
    with translation.override("en"):
        english = {code: str(words) for code, words in refusals.items()}
    with translation.override("es"):
        untranslated = [code for code, words in refusals.items() if str(words) == english[code]]
    assert untranslated == []


def test_no_logic_module_speaks_to_the_person():
    speaking = []
    for _app, path, tree in _modules():
        relative = path.relative_to(HOLDSPACE)
        if set(relative.with_suffix("").parts) & NOT_LOGIC or relative.name == "refusals.py":
            continue
        if str(relative) in WORDED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                speaking.append(str(relative))
    assert speaking == []


def test_there_is_one_refusal_type():
    others = []
    for app, path, tree in _modules():
        if app in GROUND_ERRORS or path.relative_to(HOLDSPACE).as_posix() == "web/refusals.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
                if bases & {"Exception", "ValueError", "PermissionError", "RuntimeError", "LookupError"}:
                    others.append(f"{path.relative_to(HOLDSPACE)}:{node.name}")
    assert others == []


def test_a_refusal_reads_its_details_and_never_fails_on_a_missing_code():
    words = {"too_long": "Choose up to %(longest)d days."}
    assert refusal_message(Refusal("too_long", longest=90), messages=words) == "Choose up to 90 days."
    assert refusal_message(Refusal("too_long"), messages=words) == "Choose up to %(longest)d days."
    assert refusal_message(Refusal("unheard_of"), messages=words) == str(FALLBACK)
