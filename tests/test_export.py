import datetime as dt

from tidings.export import GDELT_COLUMNS, gdelt_row


def test_gdelt_columns_are_gdelt_2_event_columns_in_order():
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_gdelt_row_maps_an_event():
    event = {"date": dt.date(2021, 9, 29), "source_code": "RUSGOV", "source_country": "RUS", "source_role": "GOV",
             "target_code": "IGOUNO", "target_country": "IGO", "target_role": None, "cameo": "0432",
             "quad_class": 1, "goldstein": 2.8, "num_mentions": 3, "num_sources": 2, "num_articles": 2,
             "place_name": "Sochi", "place_country": "RUS", "lat": 43.6, "lon": 39.72, "geonames_id": 491422,
             "url": "https://example.org/a"}
    row = dict(zip(GDELT_COLUMNS, gdelt_row(event, 7, "20261126000000")))
    assert (row["GLOBALEVENTID"], row["SQLDATE"], row["MonthYear"], row["Year"]) == (7, "20210929", "202109", 2021)
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == ("RUSGOV", "RUS", "GOV")
    assert (row["Actor2Code"], row["Actor2CountryCode"], row["Actor2KnownGroupCode"]) == ("IGOUNO", "", "UNO")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("0432", "043", "04")
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_FeatureID"]) == (4, "Sochi", 491422)
    assert row["ActionGeo_CountryCode"] == "" and row["AvgTone"] == ""  # FIPS codes and tone we do not have
    assert row["SOURCEURL"] == "https://example.org/a"
