"""The officers' pages as HTML: the sign-in, the dashboard, a club's page.

No template engine: each page is a few f-strings, and every value that comes
from the books or the request goes through :func:`esc` (``html.escape`` with
quotes) before it is put in, attribute or text alike. The pages carry no
inline script or style (the CSP allows neither): ``officer.js`` and
``officer.css`` are served beside them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode

from club import texts
from club import texts_officer as otexts
from club.calendar import format_date
from club.dashboard import COLUMNS, LIT, WORST_FIRST_DESCENDING, Row
from club.money import format_vnd
from club.programme import AREAS, Period, describe, format_percent
from storage.officers import Officer
from storage.programme.dashboard import ClubPage

STATIC = "/officer/static/"


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, body: str, *, csrf: str = "") -> bytes:
    meta = f'<meta name="csrf-token" content="{esc(csrf)}">' if csrf else ""
    return (
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{esc(title)}</title>{meta}"
        f"<link rel=\"stylesheet\" href=\"{STATIC}officer.css\">"
        f"<script src=\"{STATIC}officer.js\" defer></script>"
        f"</head><body>{body}</body></html>").encode()


# ---------------------------------------------------------------- signing in


def signin_page() -> bytes:
    body = (
        f"<main class=\"narrow\"><h1>{esc(otexts.OFFICER_TITLE)}</h1>"
        f"<h2>{esc(otexts.OFFICER_SIGNIN_HEAD)}</h2>"
        f"<p>{esc(otexts.OFFICER_SIGNIN_HELP)}</p>"
        "<form id=\"signin\" autocomplete=\"off\">"
        f"<label for=\"code\">{esc(otexts.OFFICER_SIGNIN_CODE)}</label>"
        "<input id=\"code\" name=\"code\" inputmode=\"numeric\" maxlength=\"20\" "
        f"placeholder=\"{esc(texts.WEB_CODE_EXAMPLE)}\" required>"
        f"<button type=\"submit\">{esc(otexts.OFFICER_SIGNIN_BUTTON)}</button>"
        "</form><p id=\"signin-error\" class=\"error\" role=\"alert\"></p>"
        f"<noscript><p class=\"error\">{esc(otexts.OFFICER_SIGNIN_NEEDS_JS)}</p></noscript>"
        "</main>")
    return _page(otexts.OFFICER_TITLE, body)


# ---------------------------------------------------------------- pieces


def period_query(period: Period) -> dict[str, str]:
    """The query that names the period again in a link."""
    if period.key.endswith("-H1") or period.key.isdigit():
        return {"period": period.key}
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def _href(path: str, query: dict[str, str]) -> str:
    return esc(path + ("?" + urlencode(query) if query else ""))


def _header(officer: Officer, csrf: str) -> str:
    hello = otexts.OFFICER_HELLO.format(name=officer.name, scope=officer.scope.label)
    return (
        f"<header><h1><a href=\"/officer/\">{esc(otexts.OFFICER_TITLE)}</a></h1>"
        f"<p class=\"who\">{esc(hello)} "
        f"<button id=\"signout\" type=\"button\">{esc(otexts.OFFICER_SIGN_OUT)}</button></p>"
        f"<p class=\"privacy\">🔒 {esc(otexts.OFFICER_PRIVACY)}</p></header>")


def _periods(current: Period, choices: Sequence[Period], base: dict[str, str]) -> str:
    links = []
    for choice in choices:
        label = (otexts.OFFICER_PERIOD_HALF.format(year=choice.key[:4])
                 if choice.key.endswith("-H1")
                 else otexts.OFFICER_PERIOD_YEAR.format(year=choice.key))
        chosen = " aria-current=\"page\"" if choice == current else ""
        links.append(f"<a{chosen} href=\"{_href('/officer/', {**base, 'period': choice.key})}\">"
                     f"{esc(label)}</a>")
    custom = (
        "<form id=\"custom-period\" class=\"custom\">"
        f"<span>{esc(otexts.OFFICER_PERIOD_CUSTOM)}:</span> "
        f"<label>{esc(otexts.OFFICER_PERIOD_FROM)} <input type=\"date\" name=\"from\" "
        f"value=\"{esc(current.start.isoformat())}\" required></label> "
        f"<label>{esc(otexts.OFFICER_PERIOD_TO)} <input type=\"date\" name=\"to\" "
        f"value=\"{esc(current.end.isoformat())}\" required></label> "
        f"<button type=\"submit\">{esc(otexts.OFFICER_PERIOD_SHOW)}</button></form>")
    return (f"<nav class=\"periods\" aria-label=\"{esc(otexts.OFFICER_PERIOD_CUSTOM)}\">"
            f"{' '.join(links)}{custom}</nav>")


def _light(light: str) -> str:
    mark = otexts.LIGHT_MARKS[light]
    if not mark:
        return ""
    return (f"<span class=\"mark\" aria-hidden=\"true\">{mark}</span>"
            f"<span class=\"word\">{esc(otexts.LIGHT_WORDS[light])}</span>")


def cell_text(row: Row, column: str) -> str:
    """A cell's value as words (no light): the same in the page and the workbook."""
    if column == "club":
        return row.club
    if column == "commune":
        return row.commune
    if column == "members":
        return str(row.members)
    if column in ("women", "older", "borrowing"):
        return format_percent(getattr(row, column))
    if column == "meetings":
        text = otexts.CELL_MEETINGS.format(held=row.meetings)
        if row.meetings and not row.rollcall:
            text += "; " + otexts.CELL_NO_ROLLCALL
        return text
    if column == "areas":
        return otexts.CELL_AREAS.format(covered=row.areas)
    if column == "fund":
        return format_vnd(row.fund)
    if column == "par30":
        return otexts.CELL_NO_LOANS if row.par30 is None else format_percent(row.par30)
    if column == "visits":
        if not row.visits:
            return otexts.CELL_NO_VISITS
        text = otexts.CELL_VISITS.format(on_time=row.on_time, visits=row.visits)
        if row.flagged:
            text += "; " + otexts.CELL_FLAGGED.format(flagged=row.flagged)
        return text
    if column == "checkup":
        return format_date(row.checkup) if row.checkup else otexts.CELL_NEVER
    raise KeyError(column)


def _cell(row: Row, column: str, period_q: dict[str, str]) -> str:
    if column == "club":
        href = _href(f"/officer/club/{row.club_id}", period_q)
        return f"<th scope=\"row\"><a href=\"{href}\">{esc(row.club)}</a></th>"
    light = row.lights.get(column, "none")
    lit = f" class=\"light {light}\"" if column in LIT else ""
    return (f"<td data-col=\"{column}\"{lit}>{esc(cell_text(row, column))}"
            f"{_light(light) if column in LIT else ''}</td>")


# ---------------------------------------------------------------- the dashboard


def dashboard_page(*, officer: Officer, csrf: str, rows: Sequence[Row], total: int,
                   period: Period, choices: Sequence[Period], on: date, sort: str,
                   descending: bool, attention: bool, notice: str = "") -> bytes:
    period_q = period_query(period)
    filter_q = {"attention": "1"} if attention else {}
    heads = []
    for column in COLUMNS:
        label, title = otexts.OFFICER_COLUMNS[column]
        default_desc = column in WORST_FIRST_DESCENDING
        order = ("asc" if descending else "desc") if column == sort else (
            "desc" if default_desc else "asc")
        sorted_attr = (f" aria-sort=\"{'descending' if descending else 'ascending'}\""
                       if column == sort else "")
        arrow = (" ▼" if descending else " ▲") if column == sort else ""
        href = _href("/officer/", {**period_q, **filter_q, "sort": column, "order": order})
        heads.append(f"<th scope=\"col\" data-col=\"{column}\"{sorted_attr} "
                     f"title=\"{esc(title)}\"><a href=\"{href}\">{esc(label)}{arrow}</a></th>")
    body_rows = "".join(
        f"<tr data-club=\"{row.club_id}\" class=\"{'attention' if row.attention else ''}\">"
        + "".join(_cell(row, c, period_q) for c in COLUMNS) + "</tr>" for row in rows)
    if not rows:
        empty = otexts.OFFICER_NO_ATTENTION if attention else otexts.OFFICER_NO_CLUBS
        body_rows = f"<tr><td colspan=\"{len(COLUMNS)}\">{esc(empty)}</td></tr>"
    sort_q = {"sort": sort, "order": "desc" if descending else "asc"}
    current = ' aria-current="page"'
    filters = (
        f"<a{'' if attention else current} "
        f"href=\"{_href('/officer/', {**period_q, **sort_q})}\">"
        f"{esc(otexts.OFFICER_FILTER_ALL)}</a> "
        f"<a id=\"filter-attention\"{current if attention else ''} "
        f"href=\"{_href('/officer/', {**period_q, **sort_q, 'attention': '1'})}\">"
        f"{esc(otexts.OFFICER_FILTER_ATTENTION)}</a>")
    downloads = (
        f"<a id=\"download-xlsx\" href=\"{_href('/officer/report.xlsx', period_q)}\">"
        f"{esc(otexts.OFFICER_DOWNLOAD_XLSX)}</a> "
        f"<a id=\"download-pdf\" href=\"{_href('/officer/report.pdf', period_q)}\">"
        f"{esc(otexts.OFFICER_DOWNLOAD_PDF)}</a> "
        f"<a id=\"download-attention\" href=\"{_href('/officer/attention.xlsx', period_q)}\">"
        f"{esc(otexts.OFFICER_DOWNLOAD_ATTENTION)}</a>")
    notice_html = f"<p class=\"notice\" role=\"status\">{esc(notice)}</p>" if notice else ""
    body = (
        _header(officer, csrf) + "<main>" + notice_html
        + f"<h2>{esc(otexts.OFFICER_PERIOD.format(period=period.title))}</h2>"
        + _periods(period, choices, {**filter_q, **sort_q})
        + f"<p class=\"asof\">{esc(otexts.OFFICER_AS_OF.format(day=format_date(on)))} "
        + f"{esc(otexts.OFFICER_COUNT.format(shown=len(rows), total=total))}</p>"
        + f"<nav class=\"filters\">{filters}</nav>"
        + f"<p class=\"legend\">{esc(otexts.OFFICER_LEGEND)} {esc(otexts.OFFICER_SORT_HINT)}</p>"
        + "<div class=\"scroll\"><table id=\"clubs\"><thead><tr>" + "".join(heads)
        + "</tr></thead><tbody>" + body_rows + "</tbody></table></div>"
        + f"<h2>{esc(otexts.OFFICER_DOWNLOADS)}</h2><p class=\"downloads\">{downloads}</p>"
        + "</main>")
    return _page(otexts.OFFICER_TITLE, body, csrf=csrf)


# ---------------------------------------------------------------- a club's page


def _table(head: Iterable[str], rows: Iterable[Iterable[str]], table_id: str = "") -> str:
    ident = f" id=\"{esc(table_id)}\"" if table_id else ""
    return (f"<div class=\"scroll\"><table{ident}><thead><tr>"
            + "".join(f"<th scope=\"col\">{esc(h)}</th>" for h in head)
            + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                      for row in rows)
            + "</tbody></table></div>")


CHARTS = ("fund", "attendance", "areas", "borrowing", "par30")


def club_page_html(*, officer: Officer, csrf: str, page: ClubPage, period: Period,
                   choices: Sequence[Period], on: date) -> bytes:
    row, report = page.row, page.report
    period_q = period_query(period)
    figures = "".join(
        f"<tr><th scope=\"row\">{esc(otexts.OFFICER_COLUMNS[c][0])}</th>"
        f"<td data-col=\"{c}\" class=\"light {row.lights.get(c, 'none') if c in LIT else ''}\">"
        f"{esc(cell_text(row, c))}{_light(row.lights.get(c, 'none')) if c in LIT else ''}"
        f"</td><td class=\"hint\">{esc(otexts.OFFICER_COLUMNS[c][1])}</td></tr>"
        for c in COLUMNS if c not in ("club", "commune"))
    indicators = []
    for indicator in report["indicators"]:
        target, value = describe(indicator)
        indicators.append((indicator["label"], target, value,
                           texts.INDICATOR_MET if indicator["met"] else texts.INDICATOR_NOT_MET))
    meetings = [(format_date(m.held_on), m.topic or otexts.OFFICER_CLUB_NO_TOPIC,
                 ", ".join(f"{a}. {texts.AREA_NAMES[a]}" for a in AREAS if a in m.areas),
                 f"{m.present}/{m.marks}") for m in page.meetings]
    board = [(b.name, b.role, (format_date(b.trained_on) + (f" — {b.topic}" if b.topic else ""))
              if b.trained_on else otexts.OFFICER_CLUB_NOT_TRAINED) for b in page.board]
    charts = "".join(
        f"<figure><img src=\"{_href(f'/officer/club/{row.club_id}/chart/{name}.png', period_q)}\""
        f" alt=\"{esc(otexts.OFFICER_CHART_ALT[name])}\" loading=\"lazy\"></figure>"
        for name in CHARTS)
    place = otexts.OFFICER_CLUB_PLACE.format(commune=row.commune, province=row.province)
    body = (
        _header(officer, csrf) + "<main>"
        + f"<p><a href=\"{_href('/officer/', period_q)}\">{esc(otexts.OFFICER_BACK)}</a></p>"
        + f"<h2 id=\"club-name\">{esc(row.club)}</h2><p>{esc(place)}</p>"
        + f"<h3>{esc(otexts.OFFICER_PERIOD.format(period=period.title))}</h3>"
        + _periods(period, choices, {})
        + f"<p class=\"asof\">{esc(otexts.OFFICER_AS_OF.format(day=format_date(on)))}</p>"
        + f"<h3>{esc(otexts.OFFICER_CLUB_FIGURES)}</h3>"
        + f"<div class=\"scroll\"><table id=\"figures\"><tbody>{figures}</tbody></table></div>"
        + f"<p>{esc(otexts.OFFICER_CLUB_ATTENDANCE.format(rate=format_percent(report['attendance']['rate'])))}</p>"  # noqa: E501
        + f"<h3>{esc(otexts.OFFICER_CLUB_INDICATORS)}</h3>"
        + _table(otexts.OFFICER_CLUB_INDICATOR_HEAD, indicators, "indicators")
        + f"<h3>{esc(otexts.OFFICER_CLUB_CHARTS)}</h3><div class=\"charts\">{charts}</div>"
        + f"<h3>{esc(otexts.OFFICER_CLUB_MEETINGS)}</h3>"
        + (_table(otexts.OFFICER_CLUB_MEETING_HEAD, meetings, "meetings") if meetings
           else f"<p>{esc(otexts.OFFICER_CLUB_NO_MEETINGS)}</p>")
        + f"<h3>{esc(otexts.OFFICER_CLUB_BOARD)}</h3>"
        + (_table(otexts.OFFICER_CLUB_BOARD_HEAD, board, "board") if board
           else f"<p>{esc(otexts.OFFICER_CLUB_NO_BOARD)}</p>")
        + "</main>")
    return _page(f"{row.club} — {otexts.OFFICER_TITLE}", body, csrf=csrf)
