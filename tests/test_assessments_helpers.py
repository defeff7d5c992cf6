"""Rounds and answers for the assessment tests, through the services as people would leave them (no tests here)."""
from datetime import timedelta

from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.assessments import services
from holdspace.assessments.questionnaire import QUESTION_KEYS
from holdspace.organisations.models import Membership, Role

# Riverside people who answer in most tests: enough for the threshold of five.
FIVE = ("ada", "hana", "rick", "felix", "mateo")


def scores(value=3, **overrides) -> dict:
    """Every statement answered with `value` (None for "I don't know"), some overridden by key."""
    return {key: overrides.get(key, value) for key in QUESTION_KEYS}


def form_data(value="3", **overrides) -> dict:
    """The answer form as a browser posts it; other fields (comments) as given."""
    return {**{key: value for key in QUESTION_KEYS}, **overrides}


def open_round(world, organisation=None, *, title="Spring round", days=14, min_answers=5, actor=None):
    return services.round_open(organisation=organisation or world.riverside, actor=actor or world.ada, title=title,
                               closes_on=timezone.localdate() + timedelta(days=days), min_answers=min_answers)


def answer(assessment_round, person, value=3, comments=None, **overrides):
    services.answer_submit(assessment_round=assessment_round, person=person, scores=scores(value, **overrides),
                           comments=comments or {})


def closed_round(world, organisation=None, *, people=FIVE, value=3, title="Spring round", comments=None):
    """A round answered by these people (names in the world or users) and closed by an administrator."""
    organisation = organisation or world.riverside
    admin = Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN).first().user
    assessment_round = open_round(world, organisation, title=title, actor=admin)
    for person in people:
        answer(assessment_round, world.people[person] if isinstance(person, str) else person, value,
               comments=comments)
    return services.round_close(assessment_round=assessment_round, actor=admin)


def more_people(organisation, count, *, prefix="person") -> list[User]:
    people = []
    for number in range(count):
        user = User.objects.create_user(email=f"{prefix}-{organisation.slug}-{number}@example.org", password=None,
                                        display_name=f"{prefix.capitalize()} {number}")
        Membership.objects.create(user=user, organisation=organisation, role=Role.MEMBER)
        people.append(user)
    return people


__all__ = ["FIVE", "answer", "closed_round", "form_data", "more_people", "open_round", "scores"]
