"""The ``shailoo track`` handler: add-plan, add-report, status (text, json, html, xlsx)."""

from __future__ import annotations

from shailoo.corpus.i18n import group
from shailoo.errors import ShailooError, printable, write_output
from shailoo.apps.track.store import TrackStore, add_plan, add_report, status
from shailoo.apps.track.dashboard import format_dashboard, write_xlsx


def format_text(st, lang: str = "en") -> str:
    """A plain listing: one line per measure, then overdue measures by executor and the changes.

    The frame is English (like every message of the command line); each measure's status is named in
    ``lang`` (``track.status.*`` of the message catalogue)."""
    words = group("track.status", lang)
    lines = [f"plan {st.plan.plan_id} ({st.plan.path}), as of {st.as_of.isoformat()}: "
             f"{len(st.reports)} reports, {st.totals.measures} measures: {st.totals.done} done, "
             f"{st.totals.in_progress} in progress, {st.totals.not_started} not started, "
             f"{st.totals.no_report} no report, {st.totals.overdue} overdue"]
    for m in st.measures:
        flag = " OVERDUE" if m.overdue else ""
        when = f" ({m.status_date.isoformat()})" if m.status_date else ""
        period = f"{m.planned_years[0]}–{m.planned_years[-1]}" if m.planned_years else "?"
        lines.append(f"  {m.measure:6} {words[m.status]:12}{when:13} plan {period:9} "
                     f"{', '.join(m.executors) or (m.executor_text or '-')[:40]}{flag}")
    overdue = [m for m in st.measures if m.overdue]
    if overdue:
        lines.append("overdue by executor:")
        by: dict[str, list[str]] = {}
        for m in overdue:
            for e in m.executors or ["other"]:
                by.setdefault(e, []).append(m.measure)
        for e, ms in sorted(by.items(), key=lambda x: (-len(x[1]), x[0])):
            lines.append(f"  {e}: {', '.join(ms)}")
    if st.changes:
        lines.append("changed since the previous report:")
        for m in st.changes:
            lines.append(f"  {m.measure}: {m.previous_status} → {m.status}")
    if st.unknown_measures:
        lines.append("report rows for measures the plan does not have: "
                     + ", ".join(f"{u.measure} (row {u.row})" for u in st.unknown_measures))
    return "\n".join(lines) + "\n"


def run_track(args, out, err) -> int:
    """Exit 0 on success; 2 with one line for unusable input or a refused operation."""
    action = getattr(args, "track_command", None)
    if action is None:
        err.write("shailoo: error: track needs an action: add-plan, add-report or status\n")
        return 2
    try:
        if action == "add-plan":
            with TrackStore(args.db) as store:
                plan, new = add_plan(store, args.plan)
            out.write(f"{'loaded' if new else 'already loaded'}: plan {plan.plan_id} ({plan.measures} measures, "
                      f"years {', '.join(map(str, plan.years)) or '?'}) from {args.plan}\n")
        elif action == "add-report":
            import os

            if not os.path.exists(args.db):
                err.write(f"shailoo: error: {printable(args.db)}: no tracking store here; load a plan first: "
                          f"shailoo track add-plan PLAN --db {printable(args.db)}\n")
                return 2
            with TrackStore(args.db) as store:
                rep, new = add_report(store, args.report, args.plan, args.as_of)
            out.write(f"{'loaded' if new else 'already loaded'}: report {rep.report_id} for plan {rep.plan_id} "
                      f"as of {rep.as_of.isoformat()} ({rep.rows} rows) from {args.report}\n")
        else:
            with TrackStore(args.db, read_only=True) as store:
                st = status(store, args.plan, args.as_of)
            fmt = args.format
            if fmt == "xlsx":
                if not args.output:
                    err.write("shailoo: error: --format xlsx needs -o FILE.xlsx\n")
                    return 2

                write_xlsx(st, args.output, lang=args.lang)
                return 0
            if fmt == "json":
                text = st.to_json() + "\n"
            elif fmt == "html":
                text = format_dashboard(st, lang=args.lang)
            else:
                text = format_text(st, "en" if args.lang == "en" else args.lang)
            if args.output:
                write_output(args.output, text)
            else:
                out.write(text)
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
