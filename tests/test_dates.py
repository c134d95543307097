import datetime as dt

import pytest

from tidings.dates import resolve

PUB = dt.date(2022, 11, 20)  # a Sunday


@pytest.mark.parametrize("phrase, start, precision", [
    ("Wednesday", "2022-11-16", "day"),
    ("on Sunday", "2022-11-20", "day"),            # the publication day itself
    ("last Sunday", "2022-11-13", "day"),
    ("yesterday", "2022-11-19", "day"),
    ("two days earlier", "2022-11-18", "day"),
    ("3 days ago", "2022-11-17", "day"),
    ("a few days before", "2022-11-17", "approximate"),
    ("last week", "2022-11-07", "week"),
    ("earlier this month", "2022-11-01", "month"),
    ("last month", "2022-10-01", "month"),
    ("three years ago", "2019-01-01", "year"),
    ("in 2015", "2015-01-01", "year"),
    ("since 2018", "2018-01-01", "year"),
    ("September 29", "2022-09-29", "day"),
    ("June 3, 2019", "2019-06-03", "day"),
    ("in March", "2022-03-01", "month"),
    ("in December", "2021-12-01", "month"),        # a month after publication means last year's
    ("March 2020", "2020-03-01", "month"),
    ("earlier this year", "2022-01-01", "year"),
])
def test_resolve(phrase, start, precision):
    found = resolve(phrase, PUB)
    assert found is not None, phrase
    assert (found.start.isoformat(), found.precision) == (start, precision)


def test_phrase_without_a_time_is_not_resolved():
    assert resolve("the summit", PUB) is None


def test_event_dates_and_historical_flag(code):
    [recent] = code("Turkish troops attacked Kurdish militants last week.", "2022-11-20")
    assert recent.date_precision == "week" and not recent.historical
    [old] = code("Turkish troops attacked Kurdish militants in 2015.", "2022-11-20")
    assert old.date == dt.date(2015, 1, 1) and old.historical
    [plain] = code("Turkish troops attacked Kurdish militants.", "2022-11-20")
    assert plain.date == dt.date(2022, 11, 20) and plain.date_precision == "reported"
