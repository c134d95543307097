"""Aggregate stage: filtered event tables and dyad time series from a store, as pandas DataFrames.

A dyad side is a country code ("RUS", matching every Russian actor) or a full actor code ("RUSGOV").
Series count deduplicated events (the `events` view), so one event reported by ten articles counts once.
Historical events (placed well before their article) are left out unless asked for.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .errors import UsageError
from .store import Store

PERIODS = ("day", "week", "month", "year")
SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What `tidings events` and `Store.events` select; every field is optional."""

    dyad: tuple[str, str] | None = None
    directed: bool = False
    actor: str | None = None
    country: str | None = None
    role: str | None = None
    root: str | None = None
    code: str | None = None
    quad_class: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    place_country: str | None = None
    include_historical: bool = False
    min_confidence: float | None = None  # the best mention's confidence
    limit: int | None = None


def _side(column: str, value: str) -> tuple[str, list]:
    value = value.upper()
    return f"({column}_country = ? OR {column}_code = ?)", [value, value]


def events(store: Store, flt: EventFilter = EventFilter()):
    """Deduplicated events matching the filter, newest first."""
    where, params = ["TRUE"], []

    def add(clause: str, *values) -> None:
        where.append(clause)
        params.extend(values)

    if flt.dyad:
        a, b = flt.dyad
        (sa, pa), (tb, pb) = _side("source", a), _side("target", b)
        forward = f"({sa} AND {tb})"
        if flt.directed:
            add(forward, *pa, *pb)
        else:
            (sb, pb2), (ta, pa2) = _side("source", b), _side("target", a)
            add(f"({forward} OR ({sb} AND {ta}))", *pa, *pb, *pb2, *pa2)
    if flt.actor:
        (s, ps), (t, pt) = _side("source", flt.actor), _side("target", flt.actor)
        add(f"({s} OR {t})", *ps, *pt)
    if flt.country:
        add("(source_country = ? OR target_country = ?)", flt.country.upper(), flt.country.upper())
    if flt.role:
        add("(source_role = ? OR target_role = ?)", flt.role.upper(), flt.role.upper())
    if flt.root:
        add("root = ?", flt.root.zfill(2))
    if flt.code:
        add("starts_with(cameo, ?)", flt.code)
    if flt.quad_class:
        add("quad_class = ?", int(flt.quad_class))
    if flt.since:
        add("date >= ?", flt.since)
    if flt.until:
        add("date <= ?", flt.until)
    if flt.place_country:
        add("place_country = ?", flt.place_country.upper())
    if not flt.include_historical:
        add("NOT coalesce(historical, FALSE)")
    if flt.min_confidence is not None:
        add("coalesce(confidence, 1.0) >= ?", float(flt.min_confidence))
    limit = f" LIMIT {int(flt.limit)}" if flt.limit else ""
    sql = f"SELECT * FROM events WHERE {' AND '.join(where)} ORDER BY date DESC, num_mentions DESC{limit}"
    return store.query(sql, params)


def dyad(store: Store, a: str, b: str, *, by: str = "month", since: dt.date | None = None,
         until: dt.date | None = None, include_historical: bool = False):
    """Per period: events by QuadClass in each direction, Goldstein sum and mean, net cooperation.

    net_cooperation = (cooperative - conflictual events) / all events, from -1 (all conflict) to 1.
    """
    if by not in PERIODS:
        raise UsageError("--by", f"unknown period {by!r}", f"choose one of {', '.join(PERIODS)}")
    found = events(store, EventFilter(dyad=(a, b), since=since, until=until, include_historical=include_historical))
    a, b = a.upper(), b.upper()
    columns = [f"{x}_{y}_q{q}" for x, y in ((a, b), (b, a)) for q in (1, 2, 3, 4)]
    if found.empty:
        return pd.DataFrame(columns=["period", *columns, "events", "goldstein_sum", "goldstein_mean",
                                     "net_cooperation"])
    found["period"] = pd.to_datetime(found["date"]).dt.to_period({"day": "D", "week": "W-MON", "month": "M",
                                                                   "year": "Y"}[by]).dt.start_time
    forward = (found["source_country"].eq(a) | found["source_code"].eq(a))
    found["direction"] = forward.map({True: f"{a}_{b}", False: f"{b}_{a}"})
    counts = found.pivot_table(index="period", columns=["direction", "quad_class"], values="id", aggfunc="count",
                               fill_value=0)
    counts.columns = [f"{d}_q{q}" for d, q in counts.columns]
    out = counts.reindex(columns=columns, fill_value=0)
    out["events"] = out.sum(axis=1)
    gold = found.groupby("period")["goldstein"]
    out["goldstein_sum"], out["goldstein_mean"] = gold.sum().round(2), gold.mean().round(2)
    coop = out[[c for c in columns if c.endswith(("q1", "q2"))]].sum(axis=1)
    out["net_cooperation"] = ((coop - (out["events"] - coop)) / out["events"]).round(3)
    out = _fill_periods(out, by)
    return out.reset_index().rename(columns={"index": "period"})


def _fill_periods(frame, by: str):
    """Every period between the first and the last, so a timeline shows the quiet ones as zero."""
    freq = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}[by]
    full = pd.date_range(frame.index.min(), frame.index.max(), freq=freq)
    filled = frame.reindex(full)
    counts = [c for c in filled.columns if c not in ("goldstein_mean", "net_cooperation")]
    filled[counts] = filled[counts].fillna(0)
    filled.index.name = "period"
    return filled


def _quads(row, x: str, y: str) -> str:
    return " ".join(f"{int(row[f'{x}_{y}_q{q}']):>2}" for q in (1, 2, 3, 4))


def sparkline(values, low: float | None = None, high: float | None = None) -> str:
    """A one-line chart of a series, on a fixed scale when given; gaps are spaces."""
    numbers = [v for v in values if v == v]  # NaN is not equal to itself
    if not numbers:
        return ""
    low = min(numbers) if low is None else low
    high = max(numbers) if high is None else high
    span = (high - low) or 1.0
    return "".join(" " if v != v else SPARKS[int((v - low) / span * (len(SPARKS) - 1))] for v in values)


def plot_dyad(frame, a: str, b: str, path: str) -> None:
    """A line chart of cooperative and conflictual events per period, both directions (PNG or SVG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not str(path).lower().endswith((".png", ".svg")):
        raise UsageError("--plot", f"{path}: the chart is written as .png or .svg")
    coop = frame[[c for c in frame.columns if c.endswith(("_q1", "_q2"))]].sum(axis=1)
    conflict = frame[[c for c in frame.columns if c.endswith(("_q3", "_q4"))]].sum(axis=1)
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(frame["period"], coop, label="cooperation (QuadClass 1-2)", color="#2b7bba")
    ax.plot(frame["period"], conflict, label="conflict (QuadClass 3-4)", color="#d7301f")
    ax.set_title(f"{a.upper()}–{b.upper()} events, both directions")
    ax.set_ylabel("events")
    ax.legend()
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def format_dyad(frame, a: str, b: str) -> str:
    """A compact terminal table with a sparkline of net cooperation."""
    a, b = a.upper(), b.upper()
    if frame.empty:
        return f"no events between {a} and {b}\n"
    lines = [f"{a}–{b}: {int(frame['events'].sum())} events, {frame['period'].iloc[0].date()} to "
             f"{frame['period'].iloc[-1].date()}",
             f"  events per period   {sparkline(list(frame['events']), 0)}",
             f"  net cooperation     {sparkline(list(frame['net_cooperation']), -1, 1)}  (-1 conflict .. +1 cooperation)",
             f"{'period':<11} {a + '->' + b:>17} {b + '->' + a:>17} {'events':>6} {'goldstein':>9} {'net':>6}",
             f"{'':<11} {'q1 q2 q3 q4':>17} {'q1 q2 q3 q4':>17}"]
    for _, row in frame[frame["events"] > 0].iterrows():  # quiet periods show in the sparkline only
        net = "" if row["net_cooperation"] != row["net_cooperation"] else f"{row['net_cooperation']:+.2f}"
        mean = "" if row["goldstein_mean"] != row["goldstein_mean"] else f"{row['goldstein_mean']:+.1f}"
        lines.append(f"{row['period'].date().isoformat():<11} {_quads(row, a, b):>17} {_quads(row, b, a):>17} "
                     f"{int(row['events']):>6} {mean:>9} {net:>6}")
    return "\n".join(lines) + "\n"
