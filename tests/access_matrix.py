"""Who gets what from every view: the role matrix that every new view joins.

Each entry names a URL, how to build its arguments from the test world, the
HTTP method, and the status each person gets. "login" means a redirect to the
sign-in page; other redirects are written as 302.
"""
from dataclasses import dataclass, field
from typing import Callable

from django.test import Client

from tests.conftest import CAST, TWO_FACTOR, sign_in, unlock_case_key, with_sudo

EVERYONE = [None, *CAST]  # None is the anonymous visitor
SIGNED_IN = list(CAST)
ADMINS = ["ada", "otto"]  # Riverside's administrators
FACILITATORS = ["felix", "rick"]  # Riverside's facilitators
KEY_HOLDERS = ["felix", "hana", "mateo", "omar", "otto"]  # who has a personal key in the test world
RIVERSIDE = [name for name, roles in CAST.items() if any(org == "riverside" for org, _ in roles)]


def expect(default, **overrides):
    table = {person: default for person in EVERYONE}
    table.update({("anonymous" if k == "anonymous" else k): v for k, v in overrides.items()})
    if "anonymous" in table:
        table[None] = table.pop("anonymous")
    return table


def signed_in(status=200, **overrides):
    return expect(status, anonymous="login", **overrides)


def only(people, status=200, *, others=404, **overrides):
    table = expect(others, anonymous="login", **overrides)
    for person in people:
        table.setdefault(person, status)
        if person not in overrides:
            table[person] = status
    return table


@dataclass
class Row:
    kwargs: Callable = field(default=lambda world, extra: {})
    expected: dict = field(default_factory=dict)
    method: str = "get"
    sudo: bool = False
    case_key: bool = False  # handlers have unlocked their case key in this session
    is_page: bool = True  # False for downloads, which have no page to check for accessibility


def client_for_row(row: "Row", world, person: str | None) -> Client:
    """A client as this person, with the re-confirmation and unlocked key the row asks for."""
    client = Client()
    if person is not None:
        sign_in(client, world.people[person])
        if row.sudo:
            with_sudo(client)
        if row.case_key:
            unlock_case_key(client, world.people[person])
    return client


def _riverside(world, extra):
    return {"slug": world.riverside.slug}


def _meeting(world, extra):
    return {"slug": world.riverside.slug, "meeting_id": extra["meeting"].pk}


def _circle_public(world, extra):
    return {"slug": extra["circle"].slug}


def _circle(world, extra):
    return {"slug": world.riverside.slug, "circle": extra["circle"].slug}


def _session(world, extra):
    return {**_circle(world, extra), "session_id": extra["circles"].coming.pk}


def _safety_session(world, extra):
    return {"slug": extra["circle"].slug, "session_id": extra["circles"].held.pk}


def _safety(world, extra):
    return {"slug": world.riverside.slug, "safety_id": extra["safety"].pk}


def _exercise(world, extra):
    return {"slug": world.riverside.slug, "exercise_id": extra["circles"].exercise.pk}


def _story(world, extra):
    return {"public_id": extra["story"].public_id}


def _waiting_story(world, extra):
    return {"public_id": extra["waiting_story"].public_id}


def _concern(world, extra):
    return {"slug": world.riverside.slug, "concern_id": extra["concern"].pk}


def _complaint(world, extra):
    return {"slug": world.network.slug, "concern_id": extra["complaint"].pk}


def _member(world, extra):
    return {"slug": world.network.slug, "member": world.riverside.slug}


def mail_link(world) -> str:
    """The secret of the link in a mail inviting someone to partner a new commitment of Mateo's."""
    from holdspace.inventory import commitments, partners
    from holdspace.keys.services import personal_key_unlock
    from tests.conftest import PASSWORD

    made = commitments.commitment_make(owner=world.mateo, text="I say sorry without adding but.",
                                       check_in_every="week")
    return partners.partner_invite(commitment=made, owner=world.mateo, email="a.friend@example.org",
                                   private_key=personal_key_unlock(world.mateo, password=PASSWORD)).token


def _declined(world, extra):
    """Rosa's application, declined by Nadia without a reference answered."""
    from holdspace.vetting import services

    return services.decide(application=extra["application"], reviewer=world.nadia, accept=False,
                           reason="Not yet.", no_reference_reason="Her referee did not answer in time.")


def _appealed(world, extra):
    """Rosa's declined application, appealed."""
    from django.utils import timezone

    from holdspace.vetting.appeals import appeal_make

    return appeal_make(application=_declined(world, extra), person=world.rosa, reasons="Please look again.",
                       now=timezone.now())


def _renewal_asked(world):
    """Riverside, a member of the network, asked to be vetted again."""
    from datetime import timedelta

    from django.utils import timezone

    from holdspace.vetting.models import Application

    return Application.objects.create(network=world.network, organisation=world.riverside,
                                      kind=Application.Kind.RENEWAL, status=Application.Status.ASKED,
                                      opened_by=world.nadia, answer_by=timezone.now() + timedelta(days=60))


def _commitment(world, extra):
    return {"commitment_id": extra["commitment"].pk}


def _partner_invitation(world, extra):
    return {"invitation_id": extra["partner_invitation"].pk}


def _plan(world, extra):
    return {"plan_id": extra["amends_plan"].pk}


def _case(world, extra):
    return {"slug": world.riverside.slug, "reference": extra["case"].reference}


MATRIX: dict[str, Row] = {
    "site:landing": Row(expected=expect(200)),
    "site:dashboard": Row(expected=signed_in()),
    # Finding where to report: public, no account.
    "site:report_harm": Row(expected=expect(200)),
    "site:set_language": Row(method="post", expected=expect(302)),
    "accounts:signup": Row(expected=expect(302, anonymous=200)),
    "accounts:signup_sent": Row(expected=expect(200)),
    "accounts:login": Row(expected=expect(302, anonymous=200)),
    "accounts:login_verify": Row(expected=expect("login")),
    "accounts:logout": Row(method="post", expected=expect(302, anonymous="login")),
    "accounts:verify_email": Row(kwargs=lambda w, e: {"uidb64": "OTk5OTk5", "token": "nope-nope"}, expected=expect(400)),
    "accounts:resend_verification": Row(method="post", expected=signed_in(302)),
    "accounts:settings": Row(expected=signed_in()),
    "accounts:password_change": Row(sudo=True, expected=signed_in()),
    "accounts:two_factor_enrol": Row(sudo=True, expected=signed_in()),
    "accounts:two_factor_disable": Row(sudo=True, expected=signed_in()),
    "accounts:backup_codes": Row(sudo=True, expected=signed_in()),
    "accounts:sudo": Row(expected=signed_in()),
    # A person's own data: everyone signed in has his own, behind a fresh confirmation that it is him; the
    # deletion page shows what it would do (and what must be settled first). Its confirmation is for the browser
    # that just deleted an account: anyone else is sent home.
    "accounts:your_data": Row(sudo=True, expected=signed_in()),
    "accounts:export_json": Row(sudo=True, expected=signed_in(), is_page=False),
    "accounts:export_html": Row(sudo=True, expected=signed_in(), is_page=False),
    "accounts:delete": Row(expected=signed_in()),
    "accounts:deleted": Row(expected=expect(302)),
    "accounts:password_reset": Row(expected=expect(200)),
    "accounts:password_reset_done": Row(expected=expect(200)),
    "accounts:password_reset_confirm": Row(
        kwargs=lambda w, e: {"uidb64": "MQ", "token": "set-password"}, expected=expect(200)
    ),
    "accounts:password_reset_complete": Row(expected=expect(200)),
    "organisations:new": Row(expected=only(TWO_FACTOR, others=302)),
    "organisations:public": Row(kwargs=_riverside, expected=expect(200)),
    "organisations:home": Row(kwargs=_riverside, expected=only(RIVERSIDE)),
    "organisations:details": Row(kwargs=_riverside, expected=only(ADMINS)),
    "organisations:description_translation": Row(kwargs=lambda world, extra: {"slug": world.riverside.slug,
                                                                              "language": "fr"},
                                                  expected=only(ADMINS)),
    "organisations:people": Row(kwargs=_riverside, sudo=True, expected=only(ADMINS)),
    "organisations:person": Row(
        kwargs=lambda w, e: {"slug": w.riverside.slug, "user_id": w.mateo.pk}, sudo=True, expected=only(ADMINS)
    ),
    "organisations:reporting_line": Row(
        method="post", kwargs=lambda w, e: {"slug": w.riverside.slug, "user_id": w.mateo.pk}, sudo=True,
        expected=only(ADMINS, status=302),
    ),
    "organisations:invitation_revoke": Row(
        method="post",
        kwargs=lambda w, e: {"slug": w.riverside.slug, "invitation_id": e["invitation"].pk},
        expected=only(ADMINS, status=302),
    ),
    "organisations:network_members": Row(
        kwargs=lambda w, e: {"slug": w.network.slug}, expected=only(["nadia"])
    ),
    # Acting on a member organisation (Riverside) is for the network's administrators only, not for the member's
    # own: empty reasons come back with their errors (400); lifting a suspension not in force is refused (302).
    "organisations:network_member": Row(kwargs=_member, expected=only(["nadia"])),
    "organisations:network_member_suspend": Row(method="post", kwargs=_member, expected=only(["nadia"], status=400)),
    "organisations:network_member_lift": Row(method="post", kwargs=_member, expected=only(["nadia"], status=302)),
    "organisations:network_member_expel": Row(method="post", kwargs=_member, expected=only(["nadia"], status=400)),
    "organisations:audit_log": Row(kwargs=_riverside, expected=only(ADMINS)),
    "organisations:audit_checkpoint": Row(kwargs=_riverside, expected=only(ADMINS), is_page=False),
    "organisations:audit_checkpoint_compare": Row(kwargs=_riverside, expected=only(ADMINS)),
    # The link's secret is the key: whoever holds it sees the invitation, and
    # only the invited address can accept it.
    "organisations:invitation": Row(kwargs=lambda w, e: {"token": e["token"]}, expected=signed_in()),
    # Reporting: open to everyone, with or without an account. Without a report
    # opened by its receipt in this browser, the reporter's pages lead to the receipt form.
    "reports:start": Row(kwargs=_riverside, expected=expect(200)),
    "reports:write": Row(kwargs=_riverside, expected=expect(200)),
    "reports:receipt": Row(expected=expect(200)),
    "reports:safe_browsing": Row(expected=expect(200)),
    "reports:mine": Row(expected=expect(302)),
    "reports:mine_write": Row(method="post", expected=expect(302)),
    "reports:mine_pathway": Row(method="post", expected=expect(302)),
    "reports:mine_withdraw": Row(method="post", expected=expect(302)),
    "reports:mine_stop": Row(method="post", expected=expect(302)),
    "reports:mine_delete": Row(method="post", expected=expect(302)),
    "reports:mine_record": Row(expected=expect(302), is_page=False),
    "reports:mine_file": Row(kwargs=lambda w, e: {"file_id": e["file"].pk}, expected=expect(302), is_page=False),
    "reports:mine_leave": Row(method="post", expected=expect(302)),
    # The quick exit forgets the report opened in this browser, if any, and leads to the neutral site.
    "reports:quick_exit": Row(method="post", expected=expect(302)),
    # Asking the network to step in is her own POST, from the report her receipt opened in this browser; without
    # one, everyone is sent to the receipt form.
    "reports:mine_step_in": Row(method="post", expected=expect(302)),
    # Anyone checks a signed record, with or without an account.
    "reports:record_check": Row(expected=expect(200)),
    # Without a report opened in this browser, back to the receipt form, whoever asks.
    "reports:mine_needs": Row(method="post", expected=expect(302)),
    "reports:mine_news": Row(method="post", expected=expect(302)),
    "reports:mine_news_remove": Row(method="post", expected=expect(302)),
    "reports:mine_keep": Row(method="post", expected=expect(302)),
    # Her kept reports: with her key unlocked, her own list; without a key, to the key page.
    "reports:kept": Row(expected=signed_in(302, **{name: 200 for name in KEY_HOLDERS}), case_key=True),
    "reports:kept_open": Row(method="post", expected=signed_in(302), case_key=True),
    "reports:kept_untie": Row(method="post", expected=signed_in(302)),
    # Case handling: handlers only, with their key unlocked. Otto handles cases
    # but is named in this one; Ada administers Riverside but does not handle
    # cases; Omar handles Harbour's; Rick is a respondent elsewhere.
    # A person's own key page, whatever his roles; locking needs no role either.
    "keys:key": Row(expected=signed_in()),
    "keys:lock": Row(method="post", expected=signed_in(302)),
    "reports:key": Row(kwargs=_riverside, expected=only(["hana", "otto"])),
    "reports:key_lock": Row(method="post", kwargs=_riverside, expected=only(["hana", "otto"], status=302)),
    "reports:cases": Row(kwargs=_riverside, case_key=True, expected=only(["hana", "otto"])),
    "reports:case": Row(kwargs=_case, case_key=True, expected=only(["hana"])),
    # The case's sections: like the case itself.
    **{f"reports:case_{section}": Row(kwargs=_case, case_key=True, expected=only(["hana"]))
       for section in ("report", "messages", "stages", "assessment", "people", "closing")},
    # The organisation's own figures: counts only, for its handlers and administrators, with no key.
    "reports:figures": Row(kwargs=_riverside, expected=only(["ada", "hana", "otto"])),
    # Each action on a case: an empty form comes back with its reasons (400), a form that changes the
    # case's state also for want of the version of the case its page showed; an action without a
    # form of its own is refused here and goes back to the case (302).
    **{
        f"reports:case_{action}": Row(method="post", kwargs=_case, case_key=True, expected=only(["hana"], status=status))
        for action, status in {
            "stage": 400, "agreement": 400, "message": 400, "safety": 400, "assign": 400, "grant": 400,
            "respondent": 400, "notify": 400, "appeal": 400, "close": 400, "hold": 400, "identity": 400,
            "classify": 400, "link": 400, "conflict": 400,
            "agreement_done": 302, "respondent_channel": 302, "identity_decide": 302, "unlink": 302,
        }.items()
    },
    "reports:case_file": Row(
        kwargs=lambda w, e: {**_case(w, e), "file_id": e["file"].pk}, case_key=True, expected=only(["hana"]),
        is_page=False,
    ),
    # A handler's tools of the field: the case's handlers only (Otto is named in this case), others 404. Intake
    # is for the organisation's handlers. An empty form comes back (400); marking nothing done goes back (302).
    "reports:intake": Row(kwargs=_riverside, case_key=True, expected=only(["hana", "otto"])),
    "reports:case_evidence": Row(kwargs=_case, case_key=True, expected=only(["hana"])),
    "reports:case_outcome": Row(kwargs=_case, case_key=True, expected=only(["hana"])),
    "reports:case_record": Row(kwargs=_case, case_key=True, expected=only(["hana"])),
    "reports:case_record_pdf": Row(kwargs=_case, case_key=True, expected=only(["hana"]), is_page=False),
    **{
        f"reports:case_{action}": Row(method="post", kwargs=_case, case_key=True, expected=only(["hana"], status=status))
        for action, status in {"evidence_add": 400, "finding": 400, "measure": 400, "measure_done": 302}.items()
    },
    # Rick was told about a formal investigation: only he sees his page, and
    # nobody else can tell from these pages that it exists.
    "reports:responding": Row(expected=signed_in()),
    "reports:responding_key": Row(expected=only(["rick"])),
    "reports:responding_case": Row(
        kwargs=lambda w, e: {"reference": e["respondent_case"].reference}, expected=only(["rick"])
    ),
    "reports:responding_write": Row(  # an empty message comes back to be written (400)
        method="post", kwargs=lambda w, e: {"reference": e["respondent_case"].reference},
        expected=only(["rick"], status=400),
    ),
    "reports:responding_code": Row(  # an empty code comes back to be typed (400)
        method="post", kwargs=lambda w, e: {"reference": e["respondent_case"].reference},
        expected=only(["rick"], status=400),
    ),
    # The reporting policy and support directory: Riverside's administrators.
    # The recovery ring (Hana and Otto hold its parts; Ada has no key, so a step sends her to the key page).
    "reports:recovery": Row(kwargs=_riverside, case_key=True, expected=only(["ada", "hana", "otto"])),
    "reports:recovery_make": Row(method="post", kwargs=_riverside, expected=only(ADMINS, status=302)),
    "reports:recovery_cover": Row(method="post", kwargs=_riverside, case_key=True,
                                  expected=only(["hana", "otto"], status=302)),
    "reports:recovery_start": Row(method="post", kwargs=_riverside, case_key=True,
                                  expected=only(["hana", "otto"], status=400, ada=302)),
    "reports:recovery_deal": Row(method="post", kwargs=_riverside, case_key=True,
                                 expected=only(["ada", "hana", "otto"], status=302)),
    # With no request named, there is nothing to complete or withdraw.
    "reports:recovery_complete": Row(method="post", kwargs=_riverside, case_key=True,
                                     expected=only(["hana", "otto"], status=404, ada=302)),
    "reports:recovery_identity": Row(method="post", kwargs=_riverside, case_key=True,
                                     expected=only(["hana", "otto"], status=404, ada=302)),
    "reports:recovery_withdraw": Row(method="post", kwargs=_riverside, case_key=True, expected=only([])),
    "reports:policy": Row(kwargs=_riverside, expected=only(ADMINS)),
    "reports:support_add": Row(method="post", kwargs=_riverside, expected=only(ADMINS, status=400)),
    "reports:support_remove": Row(
        method="post", kwargs=lambda w, e: {"slug": w.riverside.slug, "service_id": e["service"].pk},
        expected=only(ADMINS, status=302),
    ),
    # The types of case: the organisation's administrators and handlers keep the list.
    "reports:case_types": Row(kwargs=_riverside, expected=only(["ada", "hana", "otto"])),
    "reports:case_type_retire": Row(method="post", kwargs=lambda w, e: {"slug": w.riverside.slug, "type_id": 999999},
                                    expected=only(["ada", "hana", "otto"], status=302)),
    # Circles: the finder, a circle's entry, its calendar and the guide are public.
    "circles:finder": Row(expected=expect(200)),
    "circles:guide": Row(expected=expect(200)),
    "circles:circle": Row(kwargs=_circle_public, expected=expect(200)),
    "circles:calendar": Row(kwargs=_circle_public, expected=expect(200), is_page=False),
    # A man's side. Mateo is a member of Felix's circle, Rosa has asked to join it.
    "circles:mine": Row(expected=signed_in()),
    "circles:join": Row(kwargs=_circle_public, expected=signed_in(mateo=302, rosa=302, felix=302)),
    "circles:space": Row(kwargs=_circle_public, expected=only(["mateo", "felix"])),
    "circles:agreements_accept": Row(method="post", kwargs=_circle_public, expected=only(["mateo"], status=400)),
    "circles:leave": Row(method="post", kwargs=_circle_public, expected=only(["mateo", "rosa"], status=302)),
    # Only a member turns his circle's session reminders off (an empty post comes back with why).
    "circles:session_reminders": Row(method="post", kwargs=_circle_public, expected=only(["mateo"], status=302)),
    "circles:feedback": Row(kwargs=lambda w, e: {"slug": e["circle"].slug, "session_id": e["circles"].held.pk},
                            expected=only(["mateo", "rosa"])),
    # A place offered from the waiting list is answered only by the man it is offered to: nobody in the test world
    # has one (its answers are tested in tests/test_circles_waiting_list.py), so everyone signed in finds nothing.
    "circles:offer_accept": Row(method="post", kwargs=_circle_public, expected=only([])),
    "circles:offer_decline": Row(method="post", kwargs=_circle_public, expected=only([])),
    # Referrals to the support directory: everyone signed in has his own page (empty but for the man referred);
    # deleting one with none named finds nothing, calmly (back to the page).
    "circles:referrals": Row(expected=signed_in()),
    "circles:referral_delete": Row(method="post", expected=signed_in(302)),
    # A man's own inventory: his key unlocked first (everyone else is sent to set up or unlock his own);
    # an entry is his alone, a 404 for anyone else whatever his key.
    "inventory:entries": Row(case_key=True, expected=signed_in(302, **{p: 200 for p in KEY_HOLDERS})),
    "inventory:entry_new": Row(case_key=True, expected=signed_in(302, **{p: 200 for p in KEY_HOLDERS})),
    "inventory:entry": Row(kwargs=lambda w, e: {"entry_id": e["entry"].pk}, case_key=True, expected=only(["mateo"])),
    "inventory:entry_edit": Row(kwargs=lambda w, e: {"entry_id": e["entry"].pk}, case_key=True,
                                expected=only(["mateo"])),
    "inventory:entry_to_story": Row(kwargs=lambda w, e: {"entry_id": e["entry"].pk}, case_key=True,
                                    expected=only(["mateo"])),
    "inventory:entry_delete": Row(method="post", kwargs=lambda w, e: {"entry_id": e["entry"].pk}, case_key=True,
                                  expected=only(["mateo"], status=400)),
    # His amends plans, locked like his inventory: the same rules.
    "inventory:amends": Row(case_key=True, expected=signed_in(302, **{p: 200 for p in KEY_HOLDERS})),
    "inventory:amends_new": Row(case_key=True, expected=signed_in(302, **{p: 200 for p in KEY_HOLDERS})),
    "inventory:amends_plan": Row(kwargs=_plan, case_key=True, expected=only(["mateo"])),
    "inventory:amends_edit": Row(kwargs=_plan, case_key=True, expected=only(["mateo"])),
    "inventory:amends_status": Row(method="post", kwargs=_plan, case_key=True, expected=only(["mateo"], status=400)),
    "inventory:amends_delete": Row(method="post", kwargs=_plan, case_key=True, expected=only(["mateo"], status=400)),
    # His commitments open with his key too; one of them is his alone (404 for anyone else, his partner included,
    # who reads it on his own page), and Felix is the partner of the one from Mateo's circle.
    "inventory:commitments": Row(case_key=True, expected=signed_in(302, **{p: 200 for p in KEY_HOLDERS})),
    "inventory:reminders": Row(method="post", expected=signed_in(302)),
    "inventory:commitment": Row(kwargs=_commitment, case_key=True, expected=only(["mateo"])),
    "inventory:commitment_end": Row(method="post", kwargs=_commitment, case_key=True,
                                    expected=only(["mateo"], status=400)),
    "inventory:commitment_change": Row(method="post", kwargs=_commitment, case_key=True,
                                       expected=only(["mateo"], status=400)),
    "inventory:commitment_change_withdraw": Row(method="post", kwargs=_commitment, case_key=True,
                                                expected=only(["mateo"], status=302)),
    "inventory:partner_invite": Row(method="post", kwargs=_commitment, case_key=True,
                                    expected=only(["mateo"], status=400)),
    "inventory:partner_invitation_withdraw": Row(
        method="post", case_key=True, expected=only(["mateo"], status=302),
        kwargs=lambda w, e: {"commitment_id": e["alone"].pk, "invitation_id": e["partner_invitation"].pk}),
    "inventory:partner_reopen": Row(method="post", kwargs=_commitment, case_key=True,
                                    expected=only(["mateo"], status=302)),
    "inventory:partnership_end": Row(method="post", kwargs=_commitment, case_key=True,
                                     expected=only(["mateo"], status=302)),
    "inventory:partnering": Row(case_key=True, expected=signed_in(302, **{p: 200 for p in KEY_HOLDERS})),
    "inventory:partnered": Row(kwargs=_commitment, case_key=True, expected=only(["felix"])),
    "inventory:partnered_encourage": Row(method="post", kwargs=_commitment, case_key=True,
                                         expected=only(["felix"], status=400)),
    "inventory:partnered_confirm": Row(
        method="post", case_key=True, expected=only(["felix"], status=302),
        kwargs=lambda w, e: {"commitment_id": e["commitment"].pk, "check_in_id": e["check_in"].pk}),
    "inventory:partnered_reopen": Row(method="post", kwargs=_commitment, case_key=True,
                                      expected=only(["felix"], status=302)),
    "inventory:partnered_leave": Row(method="post", kwargs=_commitment, case_key=True,
                                     expected=only(["felix"], status=302)),
    "inventory:invitation_accept": Row(method="post", kwargs=_partner_invitation, case_key=True,
                                       expected=only(["felix"], status=302)),
    "inventory:invitation_decline": Row(method="post", kwargs=_partner_invitation, case_key=True,
                                        expected=only(["felix"], status=302)),
    # The link in an invitation mail: its secret goes into the session, then to the page that reads it there
    # (a secret that opens nothing is kept nowhere); nothing opened in this session: nothing to answer.
    "inventory:partner_link": Row(kwargs=lambda w, e: {"token": mail_link(w)}, expected=expect(302)),
    "inventory:partner_invitation": Row(expected=signed_in(404)),
    "inventory:partner_invitation_accept": Row(method="post", case_key=True, expected=signed_in(404)),
    "inventory:partner_invitation_decline": Row(method="post", expected=signed_in(404)),
    # Facilitators: Riverside's (Felix and Rick) see the circles page and the library;
    # only Felix facilitates the circle. Rick has no key yet, so starting a circle
    # leads him to set one up first.
    "circles:manage_list": Row(kwargs=_riverside, expected=only(FACILITATORS)),
    "circles:new": Row(kwargs=_riverside, expected=only(FACILITATORS, rick=302)),
    "circles:key": Row(kwargs=_riverside, expected=only(FACILITATORS)),
    "circles:library": Row(kwargs=_riverside, expected=only(FACILITATORS)),
    "circles:exercise_new": Row(kwargs=_riverside, expected=only(FACILITATORS)),
    "circles:exercise": Row(kwargs=_exercise, expected=only(FACILITATORS)),
    "circles:exercise_edit": Row(kwargs=_exercise, expected=only(["felix"], rick=403)),
    "circles:manage": Row(kwargs=_circle, expected=only(["felix"])),
    "circles:take_on": Row(method="post", kwargs=_circle, expected=only(FACILITATORS, status=404)),
    "circles:edit": Row(kwargs=_circle, expected=only(["felix"])),
    "circles:facilitator_add": Row(method="post", kwargs=_circle, expected=only(["felix"], status=400)),
    "circles:facilitator_remove": Row(method="post", kwargs=_circle, expected=only(["felix"], status=400)),
    "circles:key_share_again": Row(method="post", kwargs=_circle, expected=only(["felix"], status=400)),
    # Refused (his key is not unlocked in this client): a message and back to the circle's page.
    "circles:key_share": Row(method="post", kwargs=_circle, expected=only(["felix"], status=302)),
    "circles:key_start": Row(method="post", kwargs=_circle, expected=only(["felix"], status=302)),
    "circles:request": Row(kwargs=lambda w, e: {**_circle(w, e), "member_id": e["circles"].request.pk},
                           case_key=True, expected=only(["felix"])),
    "circles:agreements": Row(kwargs=_circle, expected=only(["felix"])),
    "circles:agreements_translation": Row(kwargs=lambda w, e: {**_circle(w, e), "language": "es"},
                                          expected=only(["felix"])),
    "circles:room": Row(kwargs=_circle, expected=only(["felix"])),
    "circles:messages": Row(kwargs=_circle, case_key=True, expected=only(["felix"])),
    "circles:attendance_csv": Row(kwargs=_circle, expected=only(["felix"]), is_page=False),
    "circles:refer": Row(kwargs=_circle, expected=only(["felix"])),
    "circles:session_new": Row(kwargs=_circle, expected=only(["felix"])),
    "circles:session": Row(kwargs=_session, case_key=True, expected=only(["felix"])),
    "circles:session_edit": Row(kwargs=_session, expected=only(["felix"])),
    "circles:session_cancel": Row(method="post", kwargs=_session, expected=only(["felix"], status=302)),
    # Each change to a session, posted empty: refused calmly, except the template on an empty agenda.
    **{f"circles:session_{act}": Row(method="post", kwargs=_session, expected=only(["felix"], status=400))
       for act in ("agenda_add", "item_minutes", "item_up", "item_down", "item_remove", "attendance", "commitments",
                   "note", "note_delete", "reopen")},
    "circles:session_agenda_template": Row(method="post", kwargs=_session, expected=only(["felix"], status=302)),
    "circles:sheet": Row(kwargs=_session, expected=only(["felix"])),
    # Safety concerns. Felix raised one from the held session about Mateo (a member, the man it concerns); Hana is
    # Riverside's steward, acknowledged it and told Mateo. Anyone in the circle may raise one (Mateo, Felix); only
    # a steward it is sealed to sees it; Mateo reads what the steward told him on his own page (everyone signed in
    # has that page, empty for the others). Posted empty: a finished step is refused calmly, a form comes back.
    "circles:safety_raise": Row(kwargs=_safety_session, expected=only(["mateo", "felix"])),
    "circles:safety_notices": Row(expected=signed_in()),
    # Administrators too: a concern about the only steward comes to them (each sees only those sealed to them).
    "circles:safety_list": Row(kwargs=_riverside, expected=only(["hana", *ADMINS])),
    "circles:safety_concern": Row(kwargs=_safety, case_key=True, expected=only(["hana"])),
    "circles:safety_acknowledge": Row(method="post", kwargs=_safety, expected=only(["hana"], status=302)),
    **{f"circles:safety_{act}": Row(method="post", kwargs=_safety, expected=only(["hana"], status=400))
       for act in ("formal", "tell", "report")},
    "circles:safety_close": Row(method="post", kwargs=_safety, expected=only(["hana"], status=302)),
    # Stories: reading, writing and asking for a take-down need no account. Mateo wrote
    # the published story; Moses moderates for Riverside, which hosts stories in the tests.
    "stories:feed": Row(expected=expect(200)),
    "stories:search": Row(expected=expect(200)),
    "stories:atom": Row(expected=expect(200), is_page=False),
    "stories:story": Row(kwargs=_story, expected=expect(200)),
    "stories:helped": Row(method="post", kwargs=_story, expected=expect(302), is_page=False),
    "stories:takedown": Row(kwargs=_story, expected=expect(200)),
    "stories:write": Row(expected=expect(200)),
    "stories:check": Row(method="post", expected=expect(200), is_page=False),
    "stories:link": Row(kwargs=lambda w, e: {"secret": e["story_secret"]}, expected=expect(302), is_page=False),
    "stories:back": Row(expected=expect(200)),
    "stories:mine": Row(expected=signed_in()),
    "stories:yours": Row(kwargs=_story, expected=expect(404, anonymous="login", mateo=200)),
    "stories:take_back": Row(method="post", kwargs=_story, expected=expect(404, anonymous="login", mateo=302)),
    "stories:withdraw": Row(method="post", kwargs=_story, expected=expect(404, anonymous="login", mateo=302)),
    "stories:queue": Row(expected=only(["moses"])),
    "stories:review": Row(kwargs=_waiting_story, expected=only(["moses"])),
    # The code of conduct: everyone with a role at Riverside reads it; signing answers with a redirect
    # (partners are told their signature is not needed).
    "conduct:code": Row(kwargs=_riverside, expected=only(RIVERSIDE)),
    "conduct:sign": Row(method="post", kwargs=_riverside, expected=only(RIVERSIDE, status=302)),
    "conduct:versions": Row(kwargs=_riverside, expected=only(RIVERSIDE)),
    "conduct:version": Row(kwargs=lambda world, extra: {"slug": world.riverside.slug, "number": 1},
                           expected=only(RIVERSIDE)),
    # The version in force in another language: written by the administrators.
    "conduct:translation": Row(kwargs=lambda world, extra: {"slug": world.riverside.slug, "language": "es"},
                               expected=only(ADMINS)),
    # Drafting is the administrators' work; an empty form comes back with its errors (400), and starting
    # a second draft or discarding one answers with a redirect.
    "conduct:draft": Row(kwargs=_riverside, expected=only(ADMINS)),
    "conduct:draft_start": Row(method="post", kwargs=_riverside, expected=only(ADMINS, status=302)),
    "conduct:draft_comments": Row(method="post", kwargs=_riverside, expected=only(ADMINS, status=400)),
    "conduct:draft_publish": Row(method="post", kwargs=_riverside, expected=only(ADMINS, status=400)),
    "conduct:draft_discard": Row(method="post", kwargs=_riverside, expected=only(ADMINS, status=302)),
    # The draft open for comments is read by everyone at Riverside, partners included.
    "conduct:comments": Row(kwargs=_riverside, expected=only(RIVERSIDE)),
    # A member organisation's administrators sign its networks' codes on its behalf.
    "conduct:network_codes": Row(kwargs=_riverside, expected=only(ADMINS)),
    "conduct:sign_for_network": Row(method="post", kwargs=lambda world, extra: {
        "slug": world.riverside.slug, "network": world.network.slug}, expected=only(ADMINS, status=302)),
    # Partners' concerns: the register is shared by the administrators and the partner representatives;
    # partners raise and follow up, administrators answer. Empty forms come back with their errors (400).
    "concerns:register": Row(kwargs=_riverside, expected=only(ADMINS + ["priya"])),
    "concerns:new": Row(kwargs=_riverside, expected=only(["priya"])),
    "concerns:concern": Row(kwargs=_concern, expected=only(ADMINS + ["priya"])),
    "concerns:answer": Row(method="post", kwargs=_concern, expected=only(ADMINS, status=400)),
    "concerns:follow_up": Row(method="post", kwargs=_concern, expected=only(["priya"], status=400)),
    "concerns:close": Row(method="post", kwargs=_concern, expected=only(ADMINS + ["priya"], status=400)),
    # A complaint to the network about a member organisation: anyone signed in may lodge one; Rosa lodged one about
    # Riverside, and only she and the network's administrators (Nadia) read it; Riverside's own people do not.
    "concerns:complaint_new": Row(kwargs=lambda w, e: {"slug": w.network.slug}, expected=signed_in()),
    "concerns:complaint": Row(kwargs=_complaint, expected=only(["nadia", "rosa"])),
    "concerns:complaint_answer": Row(method="post", kwargs=_complaint, expected=only(["nadia"], status=400)),
    "concerns:complaint_follow_up": Row(method="post", kwargs=_complaint, expected=only(["rosa"], status=400)),
    "concerns:complaint_close": Row(method="post", kwargs=_complaint, expected=only(["nadia", "rosa"], status=400)),
    # Riverside has not published its accountability page: only its administrators see a preview.
    "accountability:page": Row(kwargs=_riverside, expected=expect(404, ada=200, otto=200)),
    "accountability:settings": Row(kwargs=_riverside, expected=only(ADMINS)),
    # The steering committee and partner meetings: Riverside's administrators only. Empty forms come back with
    # their errors (400); a seat's last day, refused, goes back to the committee's page.
    "accountability:steering": Row(kwargs=_riverside, expected=only(ADMINS)),
    "accountability:seat_end": Row(method="post", kwargs=lambda w, e: {"slug": w.riverside.slug,
                                                                       "seat_id": e["seat"].pk},
                                   expected=only(ADMINS, status=302)),
    "accountability:meetings": Row(kwargs=_riverside, expected=only(ADMINS)),
    "accountability:meeting": Row(kwargs=_meeting, expected=only(ADMINS)),
    "accountability:meeting_minutes": Row(method="post", kwargs=_meeting,
                                          expected=only(ADMINS, status=400)),
    "accountability:meeting_point": Row(method="post", kwargs=_meeting,
                                        expected=only(ADMINS, status=400)),
    # A network's overview of its members: its administrators only; an organisation that is no network has none.
    "accountability:network_overview": Row(kwargs=lambda w, e: {"slug": w.network.slug}, expected=only(["nadia"])),
    "accountability:network_overview_csv": Row(kwargs=lambda w, e: {"slug": w.network.slug},
                                               expected=only(["nadia"]), is_page=False),
    # The year's report: the organisation's administrators, and those of the network it belongs to.
    "accountability:annual_report": Row(kwargs=lambda w, e: {"slug": w.riverside.slug, "year": 2026},
                                        expected=only([*ADMINS, "nadia"])),
    "accountability:annual_report_pdf": Row(kwargs=lambda w, e: {"slug": w.riverside.slug, "year": 2026},
                                            expected=only([*ADMINS, "nadia"]), is_page=False),
    # Membership vetting. Anyone signed in may apply to join the network (Nadia, a member already, is told so);
    # Rosa applied as herself, and only she withdraws it. The referee's private link needs no account.
    "vetting:apply": Row(kwargs=lambda w, e: {"slug": w.network.slug}, expected=signed_in()),
    "vetting:mine": Row(expected=signed_in()),
    "vetting:withdraw": Row(method="post", kwargs=lambda w, e: {"application_id": e["application"].pk},
                            expected=only(["rosa"], status=302)),
    "vetting:reference": Row(kwargs=lambda w, e: {"reference_token": e["reference_token"]}, expected=expect(200)),
    # Whoever holds the link may decline, with or without an account: the first one to post does (the
    # anonymous visitor, walked first), and the link is closed for everyone after (410).
    "vetting:reference_decline": Row(method="post", kwargs=lambda w, e: {"reference_token": e["reference_token"]},
                                     expected=expect(410, anonymous=302)),
    "vetting:reference_thanks": Row(expected=expect(200)),
    # Reviewing is for the network's administrators (Nadia) only, not for its member organisations' people;
    # reading an application asks to confirm it is her. Empty forms come back with their errors (400).
    "vetting:review_list": Row(kwargs=lambda w, e: {"slug": w.network.slug}, expected=only(["nadia"])),
    "vetting:review": Row(kwargs=lambda w, e: {"slug": w.network.slug, "application_id": e["application"].pk},
                          sudo=True, expected=only(["nadia"])),
    "vetting:review_note": Row(method="post", sudo=True, expected=only(["nadia"], status=400), kwargs=lambda w, e: {
        "slug": w.network.slug, "application_id": e["application"].pk}),
    "vetting:review_conflict": Row(method="post", sudo=True, expected=only(["nadia"], status=400),
                                   kwargs=lambda w, e: {"slug": w.network.slug, "application_id": e["application"].pk}),
    "vetting:review_decide": Row(method="post", sudo=True, expected=only(["nadia"], status=400),
                                 kwargs=lambda w, e: {"slug": w.network.slug, "application_id": e["application"].pk}),
    # Which reference to ask again is posted; with none posted there is none to find, even for Nadia (404).
    "vetting:review_reference_renew": Row(method="post", sudo=True, expected=only(["nadia"], status=404),
                                          kwargs=lambda w, e: {"slug": w.network.slug,
                                                               "application_id": e["application"].pk}),
    # Appeals, vetting again and the referees' list (issue 19). Rosa appeals her own declined application only
    # (an empty appeal comes back, 400); a renewal asked of Riverside is answered by its administrators only;
    # the network's schedule, list and appeal hearing are for its administrators (Nadia).
    "vetting:appeal": Row(method="post", kwargs=lambda w, e: {"application_id": _declined(w, e).pk},
                          expected=only(["rosa"], status=400)),
    "vetting:renewal": Row(kwargs=lambda w, e: {"application_id": _renewal_asked(w).pk}, expected=only(ADMINS)),
    "vetting:review_appeal": Row(method="post", sudo=True, expected=only(["nadia"], status=400),
                                 kwargs=lambda w, e: {"slug": w.network.slug,
                                                      "application_id": _appealed(w, e).application_id}),
    "vetting:schedule": Row(kwargs=lambda w, e: {"slug": w.network.slug}, expected=only(["nadia"])),
    # Which member, or which listed organisation, is posted; with none posted there is none to find (404).
    "vetting:renewal_open": Row(method="post", kwargs=lambda w, e: {"slug": w.network.slug},
                                expected=only(["nadia"], status=404)),
    "vetting:referees": Row(kwargs=lambda w, e: {"slug": w.network.slug}, expected=only(["nadia"])),
    "vetting:referee_remove": Row(method="post", kwargs=lambda w, e: {"slug": w.network.slug},
                                  expected=only(["nadia"], status=404)),
    # Assessments: everyone with a role at Riverside takes part and reads the action points, Priya the partner
    # representative included; Nadia (the network's administrator) and Harbour's Harry and Omar do not, as
    # Riverside's rounds are its own (the network's rounds, where they do take part, are checked in
    # tests/test_assessments_views.py). Only administrators open and close rounds and add action points;
    # Felix owns the action point and updates it, the others read it.
    "assessments:rounds": Row(kwargs=_riverside, expected=only(RIVERSIDE)),
    "assessments:round": Row(kwargs=lambda w, e: {"slug": w.riverside.slug, "round_id": e["assessment_round"].pk},
                             expected=only(RIVERSIDE)),
    "assessments:round_close": Row(method="post", expected=only(ADMINS, status=302), kwargs=lambda w, e: {
        "slug": w.riverside.slug, "round_id": e["open_assessment"].pk}),
    "assessments:action_points": Row(kwargs=_riverside, expected=only(RIVERSIDE)),
    "assessments:action_point_new": Row(kwargs=_riverside, expected=only(ADMINS)),
    "assessments:action_point": Row(kwargs=lambda w, e: {"slug": w.riverside.slug, "point_id": e["action_point"].pk},
                                    expected=only(RIVERSIDE)),
    # Opening a round has its own page, for administrators only (a round is open in `extra`, so it says so).
    "assessments:round_new": Row(kwargs=_riverside, expected=only(ADMINS)),
    # Withholding a comment is for administrators; posted without a comment, it finds none (404) for them too.
    # Withholding a real one, and everyone else being refused it, is in tests/test_assessments_views.py.
    "assessments:comment_withhold": Row(method="post", expected=only(ADMINS, status=404), kwargs=lambda w, e: {
        "slug": w.riverside.slug, "round_id": e["assessment_round"].pk}),
}
