"""Reports the tests share: handlers with keys, and a report submitted through the service."""
from holdspace.keys.services import personal_key_create, personal_key_unlock
from holdspace.organisations.models import Membership, Role
from holdspace.reports.content import ReportContent, ReporterIdentity
from holdspace.reports.submission import Submission, report_submit
from tests.conftest import PASSWORD

CANARY = "CANARY-7f3a-river-otter"


def handler_keys(world, *names):
    """Give these handlers keyrings; return their unlocked private keys by name."""
    keys = {}
    for name in names:
        personal_key_create(world.people[name], password=PASSWORD)
        keys[name] = personal_key_unlock(world.people[name], password=PASSWORD)
    return keys


def make_network_handler(world):
    Membership.objects.get_or_create(user=world.nadia, organisation=world.network, role=Role.CASE_HANDLER)


def report_file(name="photo.png"):
    """A small, clean PNG as the form would receive it, already cleaned."""
    import io

    from PIL import Image

    from holdspace.reports.attachments import CleanFile

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(out, format="PNG")
    return CleanFile(name, "image/png", out.getvalue())


def submit(world, organisation=None, *, pathway="formal", respondent=None, identity=None, files=(), **content):
    fields = {"what": f"{CANARY} what happened", "impact": f"{CANARY} impact"}
    fields.update(content)
    return report_submit(
        organisation=organisation or world.riverside,
        submission=Submission(
            kind="complaint",
            pathway=pathway,
            content=ReportContent(**fields),
            respondent_id=respondent.pk if respondent else None,
            respondent_consent=True,
            identity=identity or ReporterIdentity(),
            files=list(files),
        ),
    )


def parts_dealt(world, keys, *, by, with_):
    """Two holders deal the recovery ring's parts to everyone who should hold one (a ring gives parts to later
    key holders only this way)."""
    from holdspace.reports.models import RecoveryRequest
    from holdspace.reports.recovery import recovery_complete, recovery_start

    request = recovery_start(organisation=world.riverside, actor=world.people[by], private_key=keys[by],
                             kind=RecoveryRequest.Kind.DEAL)
    recovery_complete(request=request, actor=world.people[with_], private_key=keys[with_])


CASE_SECTIONS = ("", "report/", "messages/", "stages/", "assessment/", "people/", "closing/", "evidence/", "outcome/")


def whole_case(client, case_url: str) -> str:
    """Every section of a handler's case page, one after the other: for tests that look for a form or a text
    wherever it lives on the workbench."""
    return "".join(client.get(case_url + section).content.decode() for section in CASE_SECTIONS)
