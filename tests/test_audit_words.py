"""Audit entries read as sentences in both languages: every action code the code base records has words."""
import ast
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from holdspace.audit.models import AuditEntry
from holdspace.audit.words import audit_action_words, audit_codes_known, audit_details_words
from holdspace.circles.joining import Decision
from holdspace.organisations.models import Role
from holdspace.stories.models import ModerationDecision

HOLDSPACE = Path(__file__).resolve().parent.parent / "holdspace"
AUDITING = {"audit_record", "_audit"}
# Call sites whose code is not written out there: each is listed with the codes it can record, so a new
# one fails this test until its codes are named here (and given words).
COMPUTED = {
    "circles/joining.py": {f"circle.join_{decision}" for decision in Decision.CHOICES},
    "stories/moderation.py": {f"story.{outcome}" for outcome in ModerationDecision.Outcome.values},
    # These helpers pass on the code their callers give; the callers' codes are read below.
    "reports/measures.py": set(),
    "reports/handling.py": set(),
    "reports/evidence.py": set(),
    "reports/reporter.py": set(),
}
# Helpers that take the code as an argument and hand it to the audit log.
PASSING_ON = {"_close_by_reporter": 2}


def _strings(node) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _recorded_codes() -> tuple[set[str], set[str]]:
    """Every action code written out in a call to the audit log, and the files computing one."""
    codes, computed = set(), set()
    for path in HOLDSPACE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in AUDITING:
                argument = next((k.value for k in node.keywords if k.arg == "action"),
                                node.args[0] if node.args else None)
            elif name in PASSING_ON and len(node.args) > PASSING_ON[name]:
                argument = node.args[PASSING_ON[name]]
            else:
                continue
            found = _strings(argument) if argument is not None else None
            if found is None:
                computed.add(path.relative_to(HOLDSPACE).as_posix())
            else:
                codes.update(found)
    return codes, computed


def test_every_recorded_action_code_has_words_in_english_and_spanish():
    codes, computed = _recorded_codes()
    assert computed == set(COMPUTED), "a call site computes its code: name its codes in COMPUTED"
    for extra in COMPUTED.values():
        codes |= extra
    assert len(codes) > 150  # the scan found the code base's calls
    missing = sorted(codes - audit_codes_known())
    assert missing == []
    for code in sorted(codes):
        with translation.override("en"):
            english = audit_action_words(action=code)
        with translation.override("es"):
            spanish = audit_action_words(action=code)
        assert code not in english and english != spanish, code


def test_an_unknown_code_still_reads_as_a_sentence():
    with translation.override("en"):
        assert audit_action_words(action="thing.happened") == "Recorded: thing.happened"
    with translation.override("es"):
        assert audit_action_words(action="thing.happened") == "Registrado: thing.happened"


def test_details_are_labelled_and_known_values_put_in_words():
    details = {"story": "k3x9", "reason": "unsaid", "was_published": True}
    with translation.override("en"):
        shown = {item.label: item.value for item in audit_details_words(action="story.taken_down", details=details)}
    assert shown == {"reason": "No reason given", "story": "k3x9", "was published": "yes"}
    with translation.override("es"):
        spanish = audit_details_words(action="story.taken_down", details=details)
    assert [item.value for item in spanish][2] == "sí"
    assert "unsaid" not in {item.value for item in spanish} and "True" not in {item.value for item in spanish}


def test_the_same_key_reads_by_its_entry():
    """A reference's status and an application's status say different things for the same value."""
    with translation.override("en"):
        reference = audit_details_words(action="vetting.reference_declined", details={"status": "declined"})
        application = audit_details_words(action="vetting.decided", details={"status": "declined"})
    assert reference[0].value == "Could not give a reference" and application[0].value == "Declined"


def test_the_record_of_changes_shows_sentences_not_codes(world, client_for):
    client_for("ada", sudo=True).post(reverse("organisations:person", args=["riverside", world.mateo.pk]),
                                      {"roles": [Role.MEMBER, Role.CASE_HANDLER]})
    assert AuditEntry.objects.filter(action="membership.roles_changed").exists()
    url = reverse("organisations:audit_log", args=["riverside"])
    english = client_for("ada").get(url).content.decode()
    assert "A person&#x27;s roles were changed" in english and "added: Case handler" in english
    assert "membership.roles_changed" not in english and "case_handler" not in english
    spanish = client_for("ada").get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "membership.roles_changed" not in spanish and "A person&#x27;s roles were changed" not in spanish


def test_moments_in_details_read_in_the_one_date_format_and_deadlines_as_their_day():

    def shown(action, details, language="en"):
        with translation.override(language):
            return [(item.label, item.value) for item in audit_details_words(action=action, details=details)]

    assert shown("conduct.comments_opened", {"until": "2026-12-20T23:59:59.999999+00:00"}) == [
        ("until", "20 December 2026")]
    assert shown("conduct.comments_opened", {"until": "2026-12-21T00:00:00+00:00"}) == [
        ("until", "20 December 2026")]  # a deadline stored as the next midnight is still the 20th
    assert shown("assessments.round_opened", {"closes_on": "2026-12-20"}, "es")[0][1] == "20 de diciembre de 2026"
    assert ("at", "3 December 2026, 18:30") in shown("x.y", {"at": "2026-12-03T18:30:00+00:00"})
    assert shown("x.y", {"reference": "2026-12"}) == [("reference", "2026-12")]  # not a moment: as it is
