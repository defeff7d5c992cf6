"""The session page's long lists, written out here rather than by the template engine: for a circle of forty men
(attendance, earlier commitments with their check-ins, the commitments round) and a full agenda, the engine's
look-ups, filters, translations and {% url %}/{% csrf_token %} tags for every row cost more than the rest of the
page. Each list is written as circles/session.html wrote it, every value escaped on its way in; labels are
translated and addresses reversed once per page, not once per row."""
import html

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from holdspace.circles.forms import CommitmentsRoundForm
from holdspace.circles.models import Exercise
from holdspace.inventory.models import CommitmentCheckIn
from holdspace.web import dates


def _e(value) -> str:
    """A value escaped as the template engine escapes a plain one (django.utils.html.escape, without its look for
    lazy text on every call: labels are made text once, here)."""
    return html.escape(str(value))


_AGENDA_ROW = """
          <tr>
            <td data-label="{time_label}">{starts}–{ends}</td>
            <td data-label="{exercise_label}">{title}<br><span class="meta">{kind}</span></td>
            <td data-label="{minutes_label}">
              <form method="post" action="{minutes_url}" class="minutes-form">
                {csrf}
                <input type="hidden" name="item" value="{pk}">
                <label for="minutes-{pk}" class="visually-hidden">{minutes_for}</label>
                <input type="number" min="1" max="720" id="minutes-{pk}" name="item{pk}-minutes" value="{minutes}" \
class="minutes-input"{invalid}>
                <button type="submit" class="secondary small">{set_label}</button>
                {error}
              </form>
            </td>
            <td data-label="{order_label}" class="order-buttons">
              <form method="post" class="inline" action="{up_url}">{csrf}<input type="hidden" name="item" \
value="{pk}"><button type="submit" class="secondary small"{first}>{up_label}<span class="visually-hidden"> {title}\
</span></button></form>
              <form method="post" class="inline" action="{down_url}">{csrf}<input type="hidden" name="item" \
value="{pk}"><button type="submit" class="secondary small"{last}>{down_label}<span class="visually-hidden"> {title}\
</span></button></form>
              <form method="post" class="inline" action="{remove_url}">{csrf}<input type="hidden" name="item" \
value="{pk}"><button type="submit" class="link-button">{remove_label}<span class="visually-hidden"> {title}</span>\
</button></form>
            </td>
          </tr>
        """


def agenda_html(agenda, *, slugs: tuple[str, str, int], csrf: str, typed: dict, errors: dict) -> SafeString:
    """Each exercise of the agenda with its clock times and minutes, to change, move or remove; a refused value
    stays in its box, with why. `slugs`: the organisation's and the circle's, and the session's id."""
    kinds = {value: _e(label) for value, label in Exercise.Kind.choices}
    fixed = {
        "csrf": csrf,
        **{f"{name}_url": _e(reverse(f"circles:session_item_{name}", args=slugs))
           for name in ("minutes", "up", "down", "remove")},
        "time_label": _e(_("Time")), "exercise_label": _e(_("Exercise")),
        "minutes_label": _e(_("Minutes")), "order_label": _e(_("Order")), "set_label": _e(_("Set")),
        "up_label": _e(_("Up")), "down_label": _e(_("Down")), "remove_label": _e(_("Remove")),
    }
    minutes_for = _("Minutes for %(title)s")
    last = len(agenda) - 1
    rows = []
    for number, line in enumerate(agenda):
        pk = line.pk
        title = _e(line.text.title)
        refused = pk in errors
        rows.append(_AGENDA_ROW.format(
            **fixed, pk=pk, title=title, kind=kinds.get(line.kind) or _e(line.kind),
            starts=_e(dates.time_of_day(line.starts_at)), ends=_e(dates.time_of_day(line.ends_at)),
            minutes_for=minutes_for % {"title": title}, minutes=_e(typed.get(pk, line.minutes)),
            invalid=f' aria-invalid="true" aria-describedby="minutes-error-{pk}"' if refused else "",
            error=format_html('<p class="errorlist" id="minutes-error-{}">{}</p>', pk, errors[pk]) if refused else "",
            first=" disabled" if number == 0 else "", last=" disabled" if number == last else ""))
    return mark_safe("".join(rows))


_ATTENDANCE_ROW = """
              <li><label><input type="checkbox" name="{name}" value="{user_id}" id="{auto_id}_{number}"{checked}> \
{display_name}</label></li>
            """


def attendance_html(roster, *, field, ticked: set[int]) -> SafeString:
    """A box for each man on the roster, as the attendance form's field names them; ticked if he came."""
    name, auto_id = _e(field.html_name), _e(field.auto_id)
    return mark_safe("".join(
        _ATTENDANCE_ROW.format(name=name, auto_id=auto_id, number=number, user_id=line.member.user_id,
                               display_name=_e(line.member.display_name),
                               checked=" checked" if line.member.user_id in ticked else "")
        for number, line in enumerate(roster)))


_EARLIER_ROW = """
          <tr>
            <td data-label="{man_label}">{display_name}</td>
            <td data-label="{commitment_label}">{text}</td>
            <td data-label="{check_ins_label}">{check_ins}</td>
          </tr>
        """


def earlier_html(roster) -> SafeString:
    """Each man's running commitments from earlier sessions (its words, or that they are sealed while the
    facilitator's key is locked), with his recent check-ins: how each went, its day and his note, one a line."""
    outcomes = {value: _e(label) for value, label in CommitmentCheckIn.Outcome.choices}
    none_yet = format_html('<span class="meta">{}</span>', _("no check-in yet"))
    sealed = format_html('<span class="meta">{}</span>', _("sealed: unlock your key to read it"))
    labels = {"man_label": _e(_("Man")), "commitment_label": _e(_("Commitment")),
              "check_ins_label": _e(_("Check-ins since the last session"))}
    days: dict = {}

    def day(at) -> str:
        """Many check-ins fall on the same few days: each day is written once."""
        local = timezone.localtime(at).date()
        if local not in days:
            days[local] = _e(dates.day(local))
        return days[local]

    def check_ins(commitment) -> str:
        if not commitment.recent_check_ins:
            return none_yet
        return "<br>".join(
            f'<span class="check-in">{outcomes.get(check_in.outcome) or _e(check_in.outcome)}</span> '
            f'<span class="meta">{day(check_in.at)}</span>{": " + _e(check_in.note) if check_in.note else ""}'
            for check_in in commitment.recent_check_ins)

    return mark_safe("".join(
        _EARLIER_ROW.format(**labels, display_name=_e(line.member.display_name),
                            text=_e(commitment.text) if commitment.text is not None else sealed,
                            check_ins=check_ins(commitment))
        for line in roster for commitment in line.earlier))


_ROUND_ROW = """
        <fieldset class="step round-person">
          <legend>{label}</legend>
          <div class="field{field_error}">
            <label for="{text_id}" class="visually-hidden">{label}</label>
            <textarea name="{text_name}" id="{text_id}" rows="2" maxlength="1000"{invalid}>{text}</textarea>
            {errors}
          </div>
          <div class="field">
            <label for="{every_id}">{every_label}:</label>
            <select name="{every_name}" id="{every_id}">{every_options}</select>
          </div>
        </fieldset>
      """


def round_html(rows: list[dict]) -> SafeString:
    """A box and a check-in choice for each man present, from CommitmentsRoundForm.rows(), what was typed and
    why it was refused kept."""
    every_label = _e(_("He checks in"))
    options: dict = {}

    def every_options(chosen) -> str:
        """His check-in choices as <option>s, his own selected: one string for each choice, made once."""
        if chosen not in options:
            options[chosen] = "".join(
                f'<option value="{_e(value)}"{" selected" if value == chosen else ""}>{_e(label)}</option>'
                for value, label in CommitmentsRoundForm.every_choices)
        return options[chosen]

    return mark_safe("".join(
        _ROUND_ROW.format(
            label=_e(row["label"]), text_id=_e(row["text_id"]), text_name=_e(row["text_name"]),
            text=_e(row["text"]), every_id=_e(row["every_id"]), every_name=_e(row["every_name"]),
            every_label=every_label, every_options=every_options(row["every"]),
            field_error=" field-error" if row["errors"] else "",
            invalid=' aria-invalid="true"' if row["errors"] else "",
            errors=conditional_escape(row["errors"]) if row["errors"] else "")
        for row in rows))


def exercise_options_html(choices) -> SafeString:
    """The library's exercises as <option>s grouped by kind, from the add form's field choices, as the field's
    select writes them with nothing chosen."""
    return mark_safe("".join(
        f'\n  <optgroup label="{_e(group)}">'
        + "".join(f'\n  <option value="{_e(value)}">{_e(label)}</option>\n' for value, label in options)
        + "\n  </optgroup>"
        for group, options in choices))


_NOTE = """
        <li class="thread-item">
          <p class="meta">{author} · {moment}</p>
          {text}
          {delete}
        </li>
      """
_NOTE_DELETE = """
            <form method="post" action="{url}">{csrf}<input type="hidden" name="note" value="{pk}"><button \
type="submit" class="link-button">{label}</button></form>
          """


def notes_html(notes: list[tuple], *, user_id: int, slugs: tuple[str, str, int], csrf: str,
               locked_here: bool) -> SafeString:
    """The session's notes, (note, its words or None while locked), oldest first, each with who wrote it and when;
    his own with a button to delete it. A locked note says why: the facilitator's key is locked here
    (`locked_here`), or the note was sealed to an earlier key of the circle that nobody holds any more."""
    locked = format_html("<p>{}</p>", _("Locked.") if locked_here else
                         _("Locked with an earlier key of this circle that nobody holds any more."))
    delete = {"url": _e(reverse("circles:session_note_delete", args=slugs)), "csrf": csrf,
              "label": _e(_("Delete this note"))}
    return mark_safe("".join(
        _NOTE.format(author=_e(note.author_name or "—"), moment=_e(dates.moment(note.created_at)),
                     text=format_html("<p>{}</p>", linebreaksbr(text, autoescape=True)) if text else locked,
                     delete=_NOTE_DELETE.format(**delete, pk=note.pk) if note.author_id == user_id else "")
        for note, text in notes))
