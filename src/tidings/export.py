"""Exports of a store: Parquet, CSV, JSONL (via DuckDB), and a GDELT 2.0 event-table TSV.

The GDELT file has GDELT's 61 columns in GDELT's order and no header, so tools written for GDELT read it.
Fields we do not have are left empty: tone, religion and ethnic codes, ADM codes, and the geographic
country codes, which GDELT writes as FIPS 10-4 (we have ISO3 and coordinates, which are filled in).
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd

from .errors import TidingsError, UsageError
from .store import Store

FORMATS = ("parquet", "csv", "jsonl", "gdelt")
TABLES = ("events", "mentions", "articles", "actors")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
_IGO_LIKE = ("IGO", "NGO", "IMG", "MNC")


def export(store: Store, *, fmt: str, out: str | Path, table: str = "events",
           min_confidence: float | None = None) -> int:
    """Write a table of the store to `out`; returns the number of rows. `min_confidence` keeps events and
    mentions at least that confident."""
    if fmt not in FORMATS:
        raise UsageError("--format", f"unknown export format {fmt!r}", f"choose one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise UsageError("--table", f"unknown table {table!r}", f"choose one of {', '.join(TABLES)}")
    out = Path(out)
    where, params = "", []
    if min_confidence is not None:
        if table not in ("events", "mentions"):
            raise UsageError("--min-confidence", f"does not apply to the {table} table", "export events or mentions")
        where, params = " WHERE coalesce(confidence, 1.0) >= ?", [float(min_confidence)]
    if fmt == "gdelt":
        return _gdelt(store, out, where, params)
    options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER", "jsonl": "FORMAT json"}[fmt]
    target = str(out).replace("'", "''")
    try:
        store.con.execute(f"COPY (SELECT * FROM {table}{where}) TO '{target}' ({options})", params)
    except Exception as exc:  # duckdb.IOException and friends: name the file
        raise TidingsError(str(out), f"cannot write the export ({str(exc).splitlines()[0]})") from None
    return store.con.execute(f"SELECT count(*) FROM {table}{where}", params).fetchone()[0]


def _gdelt(store: Store, out: Path, where: str = "", params: list | None = None) -> int:
    rows = store.query(f"SELECT * FROM events{where} ORDER BY date, id", params)
    added = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
    try:
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            for number, row in enumerate(rows.itertuples(index=False), start=1):
                writer.writerow(gdelt_row(row._asdict(), number, added))
    except OSError as exc:
        raise TidingsError(str(out), f"cannot write the export ({exc.strerror})") from None
    return len(rows)


def gdelt_row(event: dict, number: int, added: str) -> list:
    """One deduplicated event as a GDELT 2.0 event row (61 fields)."""
    date = event["date"]
    day = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date)[:10])
    fraction = round(day.year + (day.timetuple().tm_yday - 1) / 365.25, 4)
    geo = _geo(event)
    row = {
        "GLOBALEVENTID": number, "SQLDATE": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"),
        "Year": day.year, "FractionDate": fraction,
        **_actor("Actor1", event["source_code"], event["source_country"], event["source_role"]),
        **_actor("Actor2", event["target_code"], event["target_country"], event["target_role"]),
        "IsRootEvent": 1, "EventCode": event["cameo"], "EventBaseCode": event["cameo"][:3],
        "EventRootCode": event["cameo"][:2], "QuadClass": event["quad_class"], "GoldsteinScale": event["goldstein"],
        "NumMentions": event["num_mentions"], "NumSources": event["num_sources"],
        "NumArticles": event["num_articles"], "DATEADDED": added, "SOURCEURL": event.get("url"),
        **{f"ActionGeo_{k}": v for k, v in geo.items()},
    }
    return ["" if _missing(row.get(c)) else row[c] for c in GDELT_COLUMNS]


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


def _actor(prefix: str, code, country, role) -> dict:
    if _missing(code) or code == "---":
        return {}
    primary = country if country and country not in _IGO_LIKE else None
    known_group = code[3:6] if country in _IGO_LIKE else None
    return {f"{prefix}Code": code, f"{prefix}Name": code, f"{prefix}CountryCode": primary,
            f"{prefix}KnownGroupCode": known_group, f"{prefix}Type1Code": role}


def _geo(event: dict) -> dict:
    if _missing(event.get("place_name")):
        return {"Type": 0}
    # GDELT geo types: 1 country, 4 world city; ours are countries or populated places
    is_country = _missing(event.get("geonames_id"))
    return {"Type": 1 if is_country else 4, "FullName": event["place_name"], "Lat": event.get("lat"),
            "Long": event.get("lon"), "FeatureID": event.get("geonames_id")}
