"""What circles sealed to a man's own key (his copies of the facilitators' messages, the referrals sent to him, and
what a steward told him) and what a new key pair of his does to them: they no longer open, so the key page names
the circles they came from before he makes one, and making it clears them (a message's copy is kept as one that
could not be sealed to him; a referral and a steward's words go). Registered with the keys app in
CirclesConfig.ready."""
from django.db.models import Q

from holdspace.accounts.models import User
from holdspace.circles.models import Circle, CircleMessageCopy, Referral, SafetyNotice
from holdspace.keys.registry import KeyUse


def _circles_with_words_for(user: User) -> list[str]:
    messages = CircleMessageCopy.objects.filter(user=user, sealed__isnull=False).values("message__circle_id")
    referred = Referral.objects.filter(user=user).values("circle_id")
    told = SafetyNotice.objects.filter(user=user).values("circle_id")
    return list(Circle.objects.filter(Q(pk__in=messages) | Q(pk__in=referred) | Q(pk__in=told)).order_by("name")
                .values_list("name", flat=True))


def sealed_to_him_forget(user: User) -> dict[str, int]:
    return {
        "circle_messages_unsealed": CircleMessageCopy.objects.filter(user=user, sealed__isnull=False)
        .update(sealed=None),
        "referrals_dropped": Referral.objects.filter(user=user).delete()[0],
        "safety_notices_dropped": SafetyNotice.objects.filter(user=user).delete()[0],
    }


def sealed_to_him_key_use(*, at_stake_warning: str) -> KeyUse:
    return KeyUse(name="circle_words", forget=sealed_to_him_forget, at_stake=_circles_with_words_for,
                  at_stake_warning=at_stake_warning)
