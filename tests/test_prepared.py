"""Prepared queries (holdspace/web/prepared.py): built with the ORM once, run again with other values, they read
what the ORM reads, in as many queries."""
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Exists, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.web.prepared import Prepared, Slice, columns, instance


def _people(*, joined: datetime, ids: list, least: int):
    same = User.objects.filter(pk=OuterRef("pk"))
    return (User.objects.filter(Q(date_joined__lte=joined, pk__gte=least) | Q(pk__in=ids))
            .filter(Exists(same)).annotate(again=Subquery(same.values("email")[:1]))
            .order_by("display_name", "pk").values_list("again", "pk", "date_joined", "is_active"))


PEOPLE = Prepared(_people, joined=datetime, ids=list, least=int)


def test_a_prepared_query_reads_what_the_orm_reads_with_each_new_value(world):
    everyone = list(User.objects.order_by("pk").values_list("pk", flat=True))
    later = timezone.now() + timedelta(days=1)
    for joined, ids, least in ((later, [], 0), (later, everyone[:2], everyone[-1]),
                               (timezone.now() - timedelta(days=400), everyone[1:3], 10**9),
                               (later, everyone[:1], everyone[1])):
        orm = list(_people(joined=joined, ids=ids, least=least))
        with CaptureQueriesContext(connection) as captured:
            prepared = PEOPLE.rows(joined=joined, ids=ids, least=least)
        assert prepared == orm
        assert len(captured.captured_queries) == 1
    assert isinstance(PEOPLE.rows(joined=later, ids=[], least=0)[0][2], datetime)  # converted as the ORM does


def test_a_value_the_orm_does_not_send_as_given_is_refused_when_first_built(db):
    # The ORM sends a day, not the datetime given, for a __date lookup: the stand-in never reaches the database.
    by_day = Prepared(lambda when: User.objects.filter(date_joined__date=when).values_list("pk"), when=datetime)
    with pytest.raises(ValueError):
        by_day.rows(when=timezone.now())


def test_an_empty_list_that_leaves_nothing_to_find_asks_nothing_as_the_orm(world):
    some = Prepared(lambda ids: User.objects.filter(pk__in=ids).values_list("pk"), ids=list)
    with CaptureQueriesContext(connection) as captured:
        assert some.rows(ids=[]) == [] == list(User.objects.filter(pk__in=[]).values_list("pk"))
    assert not captured.captured_queries
    assert some.rows(ids=[world.mateo.pk]) == [(world.mateo.pk,)]


@pytest.mark.parametrize("pk", [2**31, 10**30, -(10**30)])
def test_a_number_no_column_holds_finds_what_the_orm_finds(world, pk):
    one = Prepared(lambda pk: User.objects.filter(pk=pk).values_list("pk"), pk=int)
    assert one.rows(pk=pk) == [] == list(User.objects.filter(pk=pk).values_list("pk"))
    assert one.rows(pk=world.mateo.pk) == [(world.mateo.pk,)]


def test_strings_and_instances(world):
    person = Prepared(lambda email: User.objects.filter(email=email).values_list(*columns(User)), email=str)
    found = instance(User, values=person.rows(email=world.mateo.email)[0])
    assert found == world.mateo and not found._state.adding
    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(User.objects.get(pk=world.mateo.pk), field.attname)
    assert person.rows(email="nobody@example.org") == []


def test_first_reads_the_orms_first(world):
    newest = Prepared(lambda least: User.objects.filter(pk__gte=least).order_by("-date_joined", "-pk")
                      .values_list("pk", "date_joined")[:1], least=int)
    for least in (0, world.mateo.pk, 10**9):
        orm = (User.objects.filter(pk__gte=least).order_by("-date_joined", "-pk")
               .values_list("pk", "date_joined").first())
        with CaptureQueriesContext(connection) as captured:
            assert newest.first(least=least) == orm
        assert len(captured.captured_queries) == 1


def test_slices_are_sent_as_parameters_and_read_what_the_orm_reads(world):
    page = Prepared(lambda least, start, length: User.objects.filter(pk__gte=least).order_by("display_name", "pk")
                    .values_list("pk", "email")[start:start + length], least=int, start=Slice, length=Slice)
    everyone = User.objects.filter(pk__gte=0).order_by("display_name", "pk").values_list("pk", "email")
    assert everyone.count() >= 3
    for start, length in ((0, 1), (1, 2), (2, 50), (0, 0), (500, 3)):
        orm = list(everyone[start:start + length])
        with CaptureQueriesContext(connection) as captured:
            assert page.rows(least=0, start=start, length=length) == orm
        assert len(captured.captured_queries) == 1
    assert len(page._made) == 1  # one query kept for every page
    with pytest.raises((ValueError, AssertionError)):
        page.rows(least=0, start=-1, length=1)  # refused, as the ORM refuses it


def test_a_statement_is_asked_within_another_as_its_own(world):
    count = Prepared(lambda least: User.objects.filter(pk__gte=least).order_by()
                     .values_list(Func(template="COUNT(*)", output_field=IntegerField())), least=int)
    exists = Prepared(lambda email: User.objects.filter(email=email).values_list(Value(1))[:1], email=str)
    for least, email in ((0, world.mateo.email), (10**9, "nobody@example.org"), (2**40, world.mateo.email)):
        counted, any_sql = count.statement(least=least), exists.statement(email=email)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT ({counted[0]}), ({any_sql[0]})", [*counted[1], *any_sql[1]])
            found, there = cursor.fetchone()
        assert count.rows(least=least) == [(found,)]
        assert found == User.objects.filter(pk__gte=least).count()
        assert bool(there) == User.objects.filter(email=email).exists()
    assert Prepared(lambda ids: User.objects.filter(pk__in=ids).values_list("pk"), ids=list).statement(ids=[]) is None


def test_instances_of_some_columns_defer_the_others(world):
    some = ("id", "email", "display_name")
    person = Prepared(lambda pk: User.objects.filter(pk=pk).values_list(*columns(User, only=some)), pk=int)
    found = instance(User, values=person.rows(pk=world.mateo.pk)[0], only=some)
    orm = User.objects.only(*some).get(pk=world.mateo.pk)
    assert (found.pk, found.email, found.display_name) == (orm.pk, orm.email, orm.display_name)
    assert found.get_deferred_fields() == orm.get_deferred_fields()
    with pytest.raises(ValueError):
        columns(User, only=("id", "no_such_column"))


@pytest.mark.parametrize("lookup", ["email__contains", "email__icontains", "email__startswith"])
def test_a_lookup_that_escapes_its_value_is_refused_when_first_built(db, lookup):
    """A LIKE lookup escapes % and _ in what it is given: run with a request's value put in unescaped, "_" would
    match any letter of another person's address. So it is never kept."""
    like = Prepared(lambda words: User.objects.filter(**{lookup: words}).values_list("pk"), words=str)
    with pytest.raises(ValueError):
        like.rows(words="a_b")


def test_none_a_naive_datetime_or_no_list_is_refused_at_each_run(world):
    by_email = Prepared(lambda email: User.objects.filter(email=email).values_list("pk"), email=str)
    assert by_email.rows(email=world.mateo.email) == [(world.mateo.pk,)]
    with pytest.raises(TypeError):
        by_email.rows(email=None)  # the ORM would ask IS NULL
    joined = Prepared(lambda when: User.objects.filter(date_joined__lte=when).values_list("pk"), when=datetime)
    with pytest.raises(ValueError):
        joined.rows(when=datetime(2026, 6, 15, 10, 0))
    some = Prepared(lambda ids: User.objects.filter(pk__in=ids).values_list("pk"), ids=list)
    for given in ({world.mateo.pk}, [world.mateo.pk, None]):
        with pytest.raises(TypeError):
            some.rows(ids=given)

