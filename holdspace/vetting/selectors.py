"""Reading applications: the reviewers' list and page, and the applicant's own list, each in a fixed number of
queries however many applications there are."""
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, IntegerField, Min, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.vetting.models import Appeal, Application, Conflict, Reference
from holdspace.web.prepared import Prepared, exists_of
from holdspace.web.scalars import Scalar


REVIEW_PAGE = 50


def applications_for_review(*, network: Organisation, reviewer, page: int = 1) -> Page:
    """A page of the network's applications (and renewals), those waiting for a decision or with an appeal
    waiting first, oldest first, with their references counted (and those off the network's list), and, on
    each, `excluded` when this reviewer may not review it."""
    administers = set(Membership.objects.filter(user=reviewer, role=Role.ORG_ADMIN)
                      .values_list("organisation_id", flat=True))
    rows = (
        Application.objects.filter(network=network)
        .select_related("applicant", "organisation")
        .annotate(
            asked=Count("references"),
            answered=Count("references", filter=Q(references__status=Reference.Status.ANSWERED)),
            declined=Count("references", filter=Q(references__status=Reference.Status.DECLINED)),
            off_list=Count("references", filter=Q(references__off_list=True)),
            conflicted=Exists(Conflict.objects.filter(application=OuterRef("pk"), reviewer=reviewer)),
            appeal_waiting=Exists(Appeal.objects.filter(application=OuterRef("pk"), status=Appeal.Status.WAITING)),
        )
        .annotate(
            later=Case(When(Q(status__in=Application.OPEN)
                            | Q(appeal_waiting=True), then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .order_by("later", "created_at", "pk")
    )
    shown = Paginator(rows, REVIEW_PAGE).get_page(page)
    for application in shown:
        application.excluded = (application.conflicted or application.applicant_id == reviewer.pk
                                or application.organisation_id in administers)
    return shown


def application_in(*, network: Organisation, application_id: int) -> Application | None:
    return (Application.objects.select_related("network", "applicant", "organisation", "decided_by")
            .filter(network=network, pk=application_id).first())


def _unanswered_renewals(person) -> Q:
    """Renewals of organisations this person administers that nobody answered: asked and waiting for an answer,
    or decided without one. Any of the member's administrators may answer the first and reads the second."""
    return Q(kind=Application.Kind.RENEWAL, applicant__isnull=True,
             organisation__in=Membership.objects.filter(user=person, role=Role.ORG_ADMIN).values("organisation_id"))


def applications_of(*, person):
    """The applications this person made, and the renewals of organisations he administers decided without an
    answer, newest first: one query."""
    return list(Application.objects.filter(Q(applicant=person)
                                           | _unanswered_renewals(person) & ~Q(status__in=Application.OPEN))
                .select_related("network", "organisation", "appeal").order_by("-created_at", "-pk"))


def application_to_appeal(*, person, application_id: int) -> Application | None:
    """An application of his, or a renewal of an organisation he administers decided without an answer: what he
    may appeal (appeals.can_appeal says whether he may now)."""
    return (Application.objects.filter(Q(applicant=person) | _unanswered_renewals(person) & ~Q(
        status__in=Application.OPEN), pk=application_id).select_related("network").first())


# Whether he has applied, or an organisation he administers has a renewal nobody answered (asked of it, which he
# answers from his applications page, or decided without an answer, which he reads there).
_APPLIED = Prepared(lambda person: exists_of(Application.objects.filter(
    Q(applicant_id=person) | _unanswered_renewals(person))), person=int)


def applications_asked(*, person) -> Scalar:
    """Whether he has applied for a network's membership, or an organisation he administers is asked to be vetted
    again or was vetted again without an answer, asked with the home's other counts (web.scalars): 1 or None."""
    return Scalar(_APPLIED, person=person.pk)


@dataclass(frozen=True)
class ApplicationsWaiting:
    network: Organisation
    waiting: int  # how many applications wait for a decision
    oldest: datetime  # when the longest-waiting one came in


def applications_waiting_for_admin(*, organisations: list[Organisation]) -> list[ApplicationsWaiting]:
    """Of the organisations this person administers (as the caller loaded them), the networks that have
    applications waiting for a decision, in the order given: one query, none when she administers no network."""
    networks = {organisation.pk: organisation for organisation in organisations if organisation.is_network}
    if not networks:
        return []
    found = {network_id: (waiting, oldest) for network_id, waiting, oldest in Application.objects.filter(
        network_id__in=list(networks), status=Application.Status.WAITING).values("network_id").order_by()
        .annotate(waiting=Count("pk"), oldest=Min("created_at")).values_list("network_id", "waiting", "oldest")}
    return [ApplicationsWaiting(network, *found[pk]) for pk, network in networks.items() if pk in found]


def vetting_of_members(*, network: Organisation, organisations: list[int]) -> dict[int, Application]:
    """For each of these organisations that applied to the network, its latest application (its status, and
    `last_decided_at`: when it was decided, or its appeal was): one query, whatever the number of members. The
    words of an application are not read."""
    found: dict[int, Application] = {}
    for application in (Application.objects.filter(network=network, organisation_id__in=organisations)
                        .only("pk", "organisation_id", "kind", "status", "created_at", "decided_at")
                        .annotate(last_decided_at=Coalesce("appeal__decided_at", "decided_at"))
                        .order_by("organisation_id", "-created_at", "-pk")):
        found.setdefault(application.organisation_id, application)
    return found
