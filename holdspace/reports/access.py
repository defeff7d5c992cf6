"""Who may see and handle a case.

Only case handlers of the handling organisation who hold a sealed copy of the
data key can open a case. The respondent, everyone who reports to him
(directly or further down), and handlers who declared a conflict never do;
their copies are removed the moment they are excluded.
"""
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from holdspace.accounts.models import User
from holdspace.keys.selectors import public_keys_of
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, ReportingLine, Role
from holdspace.reports.models import Case, CaseExclusion, CaseKey, ReportingPolicy
from holdspace.reports.people import people_tags, person_of, person_tag

LEADER_ROLES = (Role.ORG_ADMIN, Role.CASE_HANDLER)


def policy_for(organisation: Organisation) -> ReportingPolicy:
    policy = getattr(organisation, "_reporting_policy_cache", None)
    if policy is None:
        policy, _ = ReportingPolicy.objects.get_or_create(organisation=organisation)
        organisation._reporting_policy_cache = policy
    return policy


def policy_read(organisation: Organisation) -> ReportingPolicy:
    """The organisation's policy, or its defaults unsaved: a page that only shows it writes nothing."""
    found = getattr(organisation, "_reporting_policy_cache", None)
    return found or ReportingPolicy.objects.filter(organisation=organisation).first() or ReportingPolicy(
        organisation=organisation)


POLICY_KEPT = ("stage_days", "retention_days", "respondent_notice_required", "step_in_after_days")
# Kept by cases received since they were added; a case received before reads the default.
POLICY_ADDED = {"step_in_after_days": ReportingPolicy._meta.get_field("step_in_after_days").default}


def policy_kept(organisation: Organisation) -> dict:
    """What a new case keeps of its handling organisation's policy."""
    policy = policy_for(organisation)
    return {name: getattr(policy, name) for name in POLICY_KEPT}


def case_policy(case: Case) -> dict:
    """The policy a case is handled under: the one it was received under (a case from before cases kept one
    reads its organisation's)."""
    kept = {**POLICY_ADDED, **case.policy}
    if all(name in kept for name in POLICY_KEPT):
        return kept
    return policy_kept(case.handling_organisation)


def leaders_of(organisation: Organisation) -> QuerySet[User]:
    """The people who run the organisation or read its reports: a reporter may
    say the report is about one of them, so that he never sees it."""
    return (
        User.objects.filter(memberships__organisation=organisation, memberships__role__in=LEADER_ROLES)
        .distinct()
        .order_by("display_name", "pk")
    )


def handlers_of(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organisation=organisation, memberships__role=Role.CASE_HANDLER, is_active=True
    ).distinct()


def people_below(organisation: Organisation, *, manager: User) -> set[int]:
    """Everyone who reports to `manager` in this organisation, at any depth."""
    lines = dict(ReportingLine.objects.filter(organisation=organisation).values_list("person_id", "manager_id"))
    below: set[int] = set()
    frontier = {manager.pk}
    while frontier:
        frontier = {person for person, boss in lines.items() if boss in frontier and person not in below}
        below |= frontier
    below.discard(manager.pk)
    return below


def excluded_from(organisation: Organisation, *, respondent: User | None) -> set[int]:
    if respondent is None:
        return set()
    return {respondent.pk} | people_below(organisation, manager=respondent)


def network_of(organisation: Organisation) -> Organisation | None:
    link = NetworkMembership.objects.filter(organisation=organisation).select_related("network").first()
    return link.network if link else None


def keyholders(organisation: Organisation, *, excluded: set[int]) -> list[tuple[int, bytes]]:
    """(user id, public key) of the handlers who can receive a sealed case key."""
    handlers = handlers_of(organisation).exclude(pk__in=excluded) if excluded else handlers_of(organisation)
    found = public_keys_of(handlers.values_list("pk", flat=True))
    return sorted(found.items())


def handling_organisation_for(organisation: Organisation, *, respondent: User | None) -> Organisation | None:
    """Where a report is handled: here, or at the network when it names one of our
    leaders (if policy says so) or when nobody here could open it. None when no
    one anywhere could."""
    found = receivers_for(organisation, respondent=respondent)
    return found[0] if found is not None else None


def receivers_for(organisation: Organisation, *, respondent: User | None
                  ) -> tuple[Organisation, list[tuple[int, bytes]], set[int]] | None:
    """Where a report is handled (as `handling_organisation_for`), with the keyholders there it is sealed to and
    who is kept from it in both organisations: the keyholders read once, where the choice read them already."""
    excluded = excluded_from(organisation, respondent=respondent)
    is_about_a_leader = respondent is not None and Membership.objects.filter(
        user=respondent, organisation=organisation, role__in=LEADER_ROLES
    ).exists()

    def at_network(network: Organisation) -> tuple[Organisation, list[tuple[int, bytes]], set[int]] | None:
        kept_out = excluded_from(network, respondent=respondent) | excluded
        holders = keyholders(network, excluded=kept_out)
        return (network, holders, kept_out) if holders else None

    # The network is read only when it may be needed: for most reports someone here holds a key.
    network = network_of(organisation) if is_about_a_leader else None
    if network is not None and policy_for(organisation).route_leaders_to_network:
        if found := at_network(network):
            return found
    if holders := keyholders(organisation, excluded=excluded):
        return organisation, holders, excluded
    if not is_about_a_leader:
        network = network_of(organisation)
    return at_network(network) if network is not None else None


def is_handler(user: User, *, organisation: Organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation, role=Role.CASE_HANDLER).exists()


def cases_visible_to(user: User, *, organisation: Organisation, handler_checked: bool = False) -> QuerySet[Case]:
    """The cases this handler can open in this organisation (none if he is not a handler). `handler_checked`: the
    caller read his roles there in this request and found him a handler, so they are not read again."""
    if not handler_checked and not is_handler(user, organisation=organisation):
        return Case.objects.none()
    return visible_cases(user=user.pk, organisation=organisation.pk, tag=person_tag(user))


def visible_cases(*, user: int, organisation: int, tag: str) -> QuerySet[Case]:
    """The cases of `cases_visible_to` by his id, the organisation's and his person tag, his roles not read: the one
    query of them, which a prepared query (web/prepared.py) also builds, with stand-ins for the three."""
    # From the organisation's cases, his key to each asked on its own (one key a case and person at most): each
    # caller's narrowing and order read the cases' own indexes (case_work, case_closed_list, case_received, a
    # reference) and stop after a page. Joined from his keys, SQLite read every key he holds first for the closed
    # and the whole list, then sorted all his cases (the plans are held by tests/test_workbench.py).
    return Case.objects.filter(handling_organisation_id=organisation).filter(
        Exists(CaseKey.objects.filter(case=OuterRef("pk"), user_id=user))).exclude(pk__in=cases_kept_from_tag(tag))


def cases_kept_from(user: User) -> QuerySet:
    """The ids of the cases this person must never see, as a subquery to exclude. The same rows as an exclude
    across `exclusions`, which the ORM takes half again as long to build on every handler's page."""
    return cases_kept_from_tag(person_tag(user))


def cases_kept_from_tag(tag: str) -> QuerySet:
    """`cases_kept_from` the person of this tag."""
    return CaseExclusion.objects.filter(person_tag=tag).values("case_id")


def case_key_for(user: User, *, case: Case) -> CaseKey | None:
    return CaseKey.objects.filter(case=case, user=user).exclude(case_id__in=cases_kept_from(user)).first()


def is_excluded(case: Case, *, user: User | int) -> bool:
    return case.exclusions.filter(person_tag=person_tag(user)).exists()


def excluded_ids(cases, *, among: Iterable[int]) -> set[int]:
    """Which of these people may not see one of these cases."""
    tags = people_tags(among)
    found = CaseExclusion.objects.filter(case__in=cases, person_tag__in=list(tags)).values_list("person_tag", flat=True)
    return {tags[tag] for tag in found}


def respondent_of(case: Case) -> User | None:
    """The account the case is about, found by its tag among the organisations' people (kept on the case object)."""
    if not case.respondent_tag:
        return None
    cached = getattr(case, "_respondent", None)
    if cached is None or person_tag(cached) != case.respondent_tag:
        cached = person_of(case.respondent_tag,
                           organisation_ids=[case.organisation_id, case.handling_organisation_id])
        case._respondent = cached
    return cached
