"""The ``shailoo track`` handler: add-plan, add-report, status (text, json, html, xlsx), executors (a
letter per executor, docx or html) and meeting (the council meeting's summary, docx or pdf:
``shailoo.apps.track.exports``).

Every line the command prints on stdout is in the language of ``--lang`` (``track.cli.*`` and
``track.text.*`` of ``corpus/messages/<lang>/track.yaml``): plans by their titles, executors and
approving bodies as the plan prints them (never gazetteer ids), dates as DD.MM.YYYY. The JSON keeps
ids and ISO dates (it is data) beside the printed names. One-line errors stay English (stderr).

``track status`` gives one plan (``--plan ID``, or the store's only plan) or the portfolio of every
plan (``--portfolio``, or no ``--plan`` when the store holds several; text, json or the html dashboard
with a section per plan — xlsx is per plan); ``--measure N`` gives one
measure's timeline; ``--fail-on error|warning|info`` makes it exit 1 when a signal of that severity
or worse is found (the output is written first). ``track executors`` and ``track meeting`` name each
file on stderr as soon as it is written.
"""

from __future__ import annotations

import datetime as dt
import os

from shailoo.corpus.i18n import text
from shailoo.errors import ShailooError, printable, write_output
from shailoo.apps.track import signals as track_signals
from shailoo.apps.track.models import MeasureStatus, MeasureTimeline, Portfolio, Summary, TrackingStatus
from shailoo.apps.track.store import TrackStore, add_plan, add_report, portfolio, status, timeline
from shailoo.apps.track.dashboard import format_dashboard, plan_page, portfolio_dashboard, write_xlsx
from shailoo.apps.written import say_wrote

EXIT_SIGNALS = 1


def _date(d) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


def _years(years: list[int]) -> str:
    ys = sorted(set(years))
    if not ys:
        return "?"
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(map(str, ys))


def _short(s: str, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[:n - 1] + "…"


def counts_text(s: Summary, lang: str) -> str:
    """«мер 23: исполнено 10, в процессе 8, …» (``track.text.counts``)."""
    return text("track.text.counts", lang, measures=s.measures, done=s.done, in_progress=s.in_progress,
                not_started=s.not_started, no_report=s.no_report, overdue=s.overdue, actions=s.overdue_actions)


def _status_word(s, lang: str) -> str:
    return text(f"track.status.{s}", lang) if s else text("track.text.unknown_status", lang)


def _executors(m: MeasureStatus, lang: str) -> str:
    """The measure's executor cell as the plan prints it (else its executors' names)."""
    return " ".join((m.executor_text or "").split()).rstrip(" .;") or ", ".join(e.name for e in m.executor_refs) \
        or text("track.text.no_executor", lang)


def _title(plan, lang: str) -> str:
    return plan.title or os.path.basename(plan.path) or text("track.cli.no_title", lang)


def _body(plan, lang: str) -> str:
    return text("track.text.body", lang, body=plan.body_name) if plan.body_name else ""


def _signal_lines(sigs, lang: str) -> list[str]:
    if not sigs:
        return [text("track.text.no_signals", lang)]
    return [text("track.text.signals", lang)] + [
        "  " + text("track.text.signal", lang, code=s.code, severity=text(f"common.severity.one.{s.severity}", lang),
                    message=s.message) for s in sigs]


def format_text(st: TrackingStatus, lang: str = "ru") -> str:
    """One plan on one day as plain text in ``lang``: the plan, the totals, one line per measure, the
    overdue measures by executor, the regressions and the other changes, the plan years, the trend,
    the signals, the report rows of numbers the plan lacks. Names as printed, dates DD.MM.YYYY."""
    plan = st.plan
    period = f"{_date(plan.period_start)}–{_date(plan.period_end)}" if plan.period_start or plan.period_end else "?"
    dates = ", ".join(dict.fromkeys(_date(r.as_of) for r in st.reports))
    lines = [text("track.text.plan", lang, title=_title(plan, lang), body=_body(plan, lang), plan_id=plan.plan_id),
             text("track.text.file", lang, path=printable(plan.path), period=period,
                  years=", ".join(map(str, plan.years)) or "?"),
             text("track.text.as_of", lang, date=_date(st.as_of), reports=len(st.reports),
                  dates=text("track.text.report_dates", lang, dates=dates) if dates else ""),
             counts_text(st.totals, lang)]
    width = max(len(_status_word(s, lang)) for s in ("done", "in_progress", "not_started", "no_report"))
    for m in st.measures:
        flag = ""
        if m.overdue_years:
            flag = "  " + text("track.text.overdue_years", lang, years=", ".join(map(str, m.overdue_years)))
        when = f"({_date(m.status_date)})" if m.status_date else ""
        lines.append(f"  {m.measure:6} {_status_word(m.status, lang):{width}} {when:12} "
                     f"{text('track.text.planned', lang, years=_years(m.planned_years)):14} "
                     f"{_short(_executors(m, lang), 60)}{flag}")
    late = [m for m in st.measures if m.overdue_years]
    if late:
        lines.append(text("track.text.overdue_by_executor", lang))
        by: dict[str, tuple[str, list[str]]] = {}
        for m in late:
            label = f"{m.measure} ({', '.join(map(str, m.overdue_years))})"
            for e in m.executor_refs or [None]:
                key = e.key if e else "other"
                name = e.name if e else text("track.text.no_executor", lang)
                if label not in by.setdefault(key, (name, []))[1]:
                    by[key][1].append(label)
        for _key, (name, ms) in sorted(by.items(), key=lambda x: (-len(x[1][1]), x[1][0])):
            lines.append(f"  {name}: {', '.join(ms)}")

    def change(m: MeasureStatus) -> str:
        return "  " + text("track.text.change", lang, measure=m.measure, before=_status_word(m.previous_status, lang),
                           now=_status_word(m.status, lang), date=_date(m.report_as_of))

    if st.regressions:
        lines.append(text("track.text.regressions", lang))
        lines.extend("  " + text("track.text.change", lang, measure=m.measure, before=_status_word(m.regressed_from, lang),
                                 now=_status_word(m.status, lang), date=_date(m.report_as_of)) for m in st.regressions)
    others = [m for m in st.changes if not m.regression]
    if others:
        lines.append(text("track.text.changes", lang))
        lines.extend(change(m) for m in others)
    if st.by_year:
        lines.append(text("track.text.by_year", lang))
        lines.extend("  " + text("track.text.year", lang, year=y.year, date=_date(y.at), counts=counts_text(y, lang))
                     for y in st.by_year)
    if st.trend:
        lines.append(text("track.text.trend", lang))
        lines.extend("  " + text("track.text.trend_point", lang, date=_date(p.as_of), reports=p.reports,
                                 counts=counts_text(p.totals, lang)) for p in st.trend)
    lines.extend(_signal_lines(st.signals, lang))
    if st.unknown_measures:
        when = {r.report_id: r.as_of for r in st.reports}
        rows = ", ".join(text("track.text.unknown_row", lang, measure=u.measure, row=u.row, date=_date(when.get(u.report_id)))
                         for u in st.unknown_measures)
        lines.append(text("track.text.unknown", lang, rows=rows))
    return "\n".join(lines) + "\n"


def format_portfolio(pf: Portfolio, lang: str = "ru") -> str:
    """The portfolio on one day as plain text in ``lang``: per plan, per approving body, the most
    overdue executors, the signals counted."""
    lines = [text("track.text.portfolio", lang, plans=len(pf.plans), date=_date(pf.as_of)), counts_text(pf.totals, lang),
             text("track.text.portfolio_plans", lang)]
    for p in pf.plans:
        last = text("track.text.last_report", lang, date=_date(p.last_report)) if p.last_report else ""
        lines.append("  " + text("track.text.portfolio_plan", lang, title=_title(p.plan, lang), body=_body(p.plan, lang),
                                 plan_id=p.plan.plan_id, counts=counts_text(p.totals, lang), reports=p.reports, last=last))
    lines.append(text("track.text.portfolio_bodies", lang))
    for b in pf.by_body:
        lines.append("  " + text("track.text.portfolio_body", lang, body=b.name or text("track.text.unknown_body", lang),
                                 plans=len(b.plans), counts=counts_text(b.totals, lang)))
    if pf.laggards:
        titles = {p.plan.plan_id: _title(p.plan, lang) for p in pf.plans}
        lines.append(text("track.text.laggards", lang))
        lines.extend("  " + text("track.text.laggard", lang, name=g.name, title=titles.get(g.plan_id, g.plan_id),
                                 overdue=g.overdue, measures=g.measures, actions=g.overdue_actions) for g in pf.laggards)
    else:
        lines.append(text("track.text.no_laggards", lang))
    c = track_signals.count(pf.signals)
    lines.append(text("track.text.signal_counts", lang, error=c.error, warning=c.warning, info=c.info))
    return "\n".join(lines) + "\n"


def format_timeline(tl: MeasureTimeline, lang: str = "ru") -> str:
    """One measure's timeline as plain text: the measure, then one line per report (date, status, text)."""
    ex = ", ".join(e.name for e in tl.executor_refs) or text("track.text.no_executor", lang)
    body = " ".join((tl.text or "").split())
    if body.startswith(tl.measure) and body[len(tl.measure):len(tl.measure) + 1] in (".", ")", " "):
        body = body[len(tl.measure):].lstrip(".) ")
    lines = [f"{tl.measure}  {_short(body, 100)}", f"  {ex}; {text('track.text.planned', lang, years=_years(tl.planned_years))}"]
    for e in tl.entries:
        if e.mentioned:
            word = _status_word(e.status, lang)
            lines.append(f"  {_date(e.as_of)}  {word}  ({_date(e.status_date)})  {_short(e.status_text or '', 160)}")
        else:
            lines.append(f"  {_date(e.as_of)}  –")
    return "\n".join(lines) + "\n"


def _emit(args, out, err, body: str) -> None:
    if args.output:
        write_output(args.output, body)
        say_wrote(err, args.output, args.lang)
    else:
        out.write(body)


def run_track(args, out, err) -> int:
    """Exit 0 on success; 1 when ``status --fail-on`` finds a signal of that severity or worse; 2 with one
    line for unusable input or a refused operation."""
    action = getattr(args, "track_command", None)
    lang = getattr(args, "lang", None) or "ru"
    if action is None:
        err.write("shailoo: error: track needs an action: add-plan, add-report, status, executors or meeting\n")
        return 2
    try:
        if action == "add-plan":
            with TrackStore(args.db) as store:
                plan, new = add_plan(store, args.plan)
            out.write(text("track.cli.plan_loaded" if new else "track.cli.plan_already", lang,
                           title=_title(plan, lang), measures=plan.measures,
                           years=", ".join(map(str, plan.years)) or text("track.cli.no_years", lang),
                           path=printable(args.plan), plan_id=plan.plan_id) + "\n")
        elif action == "add-report":
            if not os.path.exists(args.db):
                err.write(f"shailoo: error: {printable(args.db)}: no tracking store here; load a plan first: "
                          f"shailoo track add-plan PLAN --db {printable(args.db)}\n")
                return 2
            with TrackStore(args.db) as store:
                rep, new = add_report(store, args.report, args.plan, args.as_of)
                plan = store.plan(rep.plan_id)
            out.write(text("track.cli.report_loaded" if new else "track.cli.report_already", lang,
                           date=_date(rep.as_of), rows=rep.rows, title=_title(plan, lang),
                           path=printable(args.report)) + "\n")
        elif action in ("executors", "meeting"):
            return _exports(args, err, lang)
        else:
            return _status(args, out, err, lang)
    except ShailooError as e:
        err.write(f"shailoo: error: {printable(e)}\n")
        return e.exit_code
    except Exception as e:
        # on call: duckdb is loaded by the store already; its errors are a damaged store, not a bug
        import duckdb

        if not isinstance(e, duckdb.Error):
            raise
        err.write(f"shailoo: error: {printable(args.db)}: the tracking store cannot be read "
                  f"({printable(str(e).splitlines()[0] if str(e) else type(e).__name__)})\n")
        return 2
    return 0


def _exports(args, err, lang: str) -> int:
    """``track executors``: a letter per executor into the folder ``-o``; ``track meeting``: the meeting's
    summary at ``-o``. Each file written is named on stderr as soon as it is written."""
    # on call: the exports bring python-docx and Jinja2, which add-plan, add-report and status never need
    from shailoo.apps.track.exports import write_letters, write_meeting

    with TrackStore(args.db, read_only=True) as store:
        if args.track_command == "executors":
            write_letters(store, args.plan, args.as_of, args.output, args.format, lang, args.council,
                          wrote=lambda path: say_wrote(err, path, lang))
        else:
            write_meeting(store, args.as_of, args.output, args.since, args.format, lang, args.council)
            say_wrote(err, args.output, lang)
    return 0


def _status(args, out, err, lang: str) -> int:
    fmt = args.format
    as_of: dt.date = args.as_of
    measure = getattr(args, "measure", None)
    whole = getattr(args, "portfolio", False)
    if fmt == "xlsx" and not args.output:
        err.write("shailoo: error: --format xlsx needs -o FILE.xlsx\n")
        return 2
    with TrackStore(args.db, read_only=True) as store:
        if whole and (args.plan or measure):
            err.write("shailoo: error: --portfolio shows every plan; it takes no --plan or --measure\n")
            return 2
        if measure:
            if fmt not in ("text", "json"):
                err.write("shailoo: error: --measure gives text or json (--format text|json)\n")
                return 2
            tl = timeline(store, args.plan, measure, as_of)
            _emit(args, out, err, tl.to_json() + "\n" if fmt == "json" else format_timeline(tl, lang))
            return 0
        if whole or (args.plan is None and len(store.plan_ids()) > 1):
            if fmt == "xlsx":
                err.write(f"shailoo: error: the portfolio of {len(store.plan_ids())} plans is given as text, json or "
                          "html; for xlsx choose a plan with --plan\n")
                return 2
            if fmt == "html":
                # the portfolio's page: every plan's section with its timelines and executors' views
                pf, page = portfolio_dashboard(store, as_of, lang)
                _emit(args, out, err, page)
            else:
                pf = portfolio(store, as_of, lang)
                _emit(args, out, err, pf.to_json() + "\n" if fmt == "json" else format_portfolio(pf, lang))
            sigs = pf.signals
        elif fmt == "html":
            page_data = plan_page(store, args.plan, as_of, lang)
            sigs = page_data.st.signals
            _emit(args, out, err, format_dashboard(page_data.st, lang, page_data.timelines, page_data.executors))
        else:
            st = status(store, args.plan, as_of, lang)
            sigs = st.signals
            if fmt == "xlsx":
                write_xlsx(st, args.output, lang=lang)
                say_wrote(err, args.output, lang)
            elif fmt == "json":
                _emit(args, out, err, st.to_json() + "\n")
            else:
                _emit(args, out, err, format_text(st, lang))
    fail_on = getattr(args, "fail_on", None) or "never"
    return EXIT_SIGNALS if track_signals.fails(sigs, fail_on) else 0
