"""`{% load assessment_results %}`: the repeated parts of a round's results page, written here in one pass.

A round's results repeat the same few cells for every part, statement, bar, comment and action point. Drawn by
the template engine, each cell costs a variable lookup, a filter or a translation; written here, each label is
translated once per page and each value escaped once, as the template would have escaped it.
"""
from functools import lru_cache
from html import escape as _escape

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.template.defaulttags import CsrfTokenNode
from django.utils.formats import number_format
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language, gettext, ngettext

from holdspace.web.templatetags.svg import coordinate

register = template.Library()


def _text(value) -> str:
    """A value as `{{ value }}` writes it: a count localized, anything else as text, escaped unless already safe.
    (Nothing here is a date: those come written by holdspace/web/dates.py.)"""
    if isinstance(value, SafeData):
        return value
    if type(value) is int:
        # What localizing a count gives: the number alone unless a thousands separator is asked for.
        return str(value) if not settings.USE_THOUSAND_SEPARATOR else number_format(value)
    return _escape(str(value))


def _label(translated: str) -> str:
    """A label as `{% translate "..." %}` writes it: translated (by a literal gettext call, where makemessages
    finds it) and, like every string literal of a template, trusted as it is, without escaping."""
    return translated


@lru_cache(maxsize=512)
def _change_text(language: str | None, change: float) -> str:
    """A change of a mean as `|floatformat:1` writes it in a language: a change is rounded to a tenth, so a page
    writes only a few of them, and the filter takes many steps."""
    return _text(floatformat(change, 1))


@receiver(setting_changed)
def _formats_changed(**_kwargs) -> None:
    _change_text.cache_clear()


@register.simple_tag
def chart_shapes(chart) -> SafeString:
    """The legend, the grid with its ticks, and the bars of `charts.ScoreChart`."""
    shapes = []
    legend_y, legend_text_y = coordinate(chart.legend_y), coordinate(chart.legend_text_y)
    for item in chart.legend:
        shapes.append(
            f'<rect x="{coordinate(item.x)}" y="{legend_y}" width="14" height="14" '
            f'class="chart-swatch {_text(item.css)}"></rect>\n'
            f'<text x="{coordinate(item.text_x)}" y="{legend_text_y}" class="chart-label">{_text(item.label)}</text>')
    top, bottom, label_y = coordinate(chart.plot_top), coordinate(chart.plot_bottom), coordinate(chart.tick_label_y)
    for tick in chart.ticks:
        x = coordinate(tick.x)
        shapes.append(
            f'<line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" class="chart-grid"></line>\n'
            f'<text x="{x}" y="{label_y}" text-anchor="middle" class="chart-label">{_text(tick.label)}</text>')
    label_x = coordinate(chart.label_x)
    for row in chart.rows:
        shapes.append(f'<text x="{label_x}" y="{coordinate(row.label_y)}" text-anchor="end" '
                      f'class="chart-label">{_text(row.label)}</text>')
        for bar in row.bars:
            shapes.append(
                f'<rect x="{coordinate(bar.x)}" y="{coordinate(bar.y)}" width="{coordinate(bar.width)}" '
                f'height="{coordinate(bar.height)}" class="{_text(bar.css)}"></rect>\n'
                f'<text x="{coordinate(bar.text_x)}" y="{coordinate(bar.text_y)}" '
                f'class="chart-value">{_text(bar.text)}</text>')
    return SafeString("\n".join(shapes))


@register.simple_tag
def score_rows(rows: list[dict], previous_round_label: str = "") -> SafeString:
    """The body of the table of the chart's figures: a part a row, with the previous round's when there is one
    (`previous_round_label` is the header of its column, already escaped)."""
    this_round, change_label = _label(gettext("This round")), _label(gettext("Change"))
    unknown = _label(gettext("“I don't know”"))
    previous = _text(previous_round_label) if previous_round_label else ""
    lines = []
    for row in rows:
        left_out = ""
        if row["left_out"]:
            # As {% blocktranslate count %} writes it: the number filled in is escaped, the sentence is not.
            left_out = '<br><span class="meta">%s</span>' % (ngettext(
                "without %(counter)s statement too few people scored",
                "without %(counter)s statements too few people scored", row["left_out"],
            ) % {"counter": _text(row["left_out"])})
        cells = [f'<th scope="row">{_text(row["title"])}</th>',
                 f'<td data-label="{this_round}">{_text(row["now_text"])}{left_out}</td>']
        if previous:
            change = row["change"]
            if change is None:
                change_text = "—"
            else:
                change_text = ("+" if change > 0 else "") + _change_text(get_language(), change)
            cells += [f'<td data-label="{previous}">{_text(row["then_text"])}</td>',
                      f'<td data-label="{change_label}">{change_text}</td>']
        cells.append(f'<td data-label="{unknown}">{_text(row["now"]["unknown"])}</td>')
        lines.append("<tr>\n" + "\n".join(cells) + "\n</tr>")
    return SafeString("\n".join(lines))


@register.simple_tag
def statement_tables(rows: list[dict]) -> SafeString:
    """A table a part, a statement a row: its mean, how many scored it and how many did not know."""
    statement, mean = _label(gettext("Statement")), _label(gettext("Mean"))
    scored, unknown = _label(gettext("Scored answers")), _label(gettext("“I don't know”"))
    head = (f'<thead><tr><th scope="col">{statement}</th><th scope="col">{mean}</th>'
            f'<th scope="col">{scored}</th><th scope="col">{unknown}</th></tr></thead>')
    tables = []
    for row in rows:
        body = "\n".join(
            f'<tr>\n<th scope="row">{_text(text)}</th>\n<td data-label="{mean}">{_text(mean_text)}</td>\n'
            f'<td data-label="{scored}">{_text(figures["scored"])}</td>\n'
            f'<td data-label="{unknown}">{_text(figures["unknown"])}</td>\n</tr>'
            for text, figures, mean_text in row["questions"])
        tables.append(f'<table>\n<caption>{_text(row["title"])}</caption>\n{head}\n<tbody>\n{body}\n</tbody>\n'
                      f'</table>')
    return SafeString("\n".join(tables))


@register.simple_tag(takes_context=True)
def comment_lists(context, groups: list, *, withhold_url: str = "", page: int = 1) -> SafeString:
    """The page's comments under their parts' titles; with `withhold_url`, each (not withheld yet) with the form
    that withholds it."""
    withheld = _label(gettext("An administrator withheld a comment because it could identify someone."))
    form_head = form_tail = ""
    if withhold_url:
        withhold_help = _label(gettext("Withhold a comment that names someone or points at who they are. Its words "
                                       "are deleted for good, and everyone reads instead that an administrator "
                                       "withheld a comment."))
        # The same token for every form of the page, as any of them may be sent.
        form_head = (
            f'\n<details>\n<summary>{_label(gettext("Withhold this comment"))}</summary>\n'
            f'<p>{withhold_help}</p>\n'
            f'<form method="post" action="{_text(withhold_url)}">\n{CsrfTokenNode().render(context)}\n'
            f'<input type="hidden" name="comment" value="')
        form_tail = (
            f'">\n<input type="hidden" name="page" value="{_text(page)}">\n'
            f'<button type="submit" class="secondary">{_label(gettext("Withhold and delete its words"))}</button>\n'
            f'</form>\n</details>')
    lists = []
    for dimension, comments in groups:
        items = []
        for comment in comments:
            if comment["withheld"]:
                items.append(f'<li class="meta">{withheld}</li>')
            else:
                # As `|linebreaksbr` writes it (its `normalize_newlines` only when there is a carriage return).
                text = comment["text"]
                if "\r" in text:
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                text = _escape(text).replace("\n", "<br>")
                form = f"{form_head}{_text(comment['pk'])}{form_tail}" if form_head else ""
                items.append(f"<li>{text}{form}\n</li>")
        lists.append(f'<h3>{_text(dimension.title)}</h3>\n<ul class="comment-list">\n' + "\n".join(items) + "\n</ul>")
    return SafeString("\n".join(lists))
