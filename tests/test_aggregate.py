
import pandas as pd
import pytest

from tidings.aggregate import dyad, format_dyad, sparkline
from tidings.errors import UsageError


def test_sparkline_scales_and_gaps():
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([-1, float("nan"), 1], -1, 1) == "▁ █"
    assert sparkline([1, 1, 1], -1, 1) == "███"  # all cooperative: the top of the fixed scale
    assert sparkline([]) == ""


def test_format_dyad_shows_only_active_periods():
    frame = pd.DataFrame({"period": pd.to_datetime(["2021-09-01", "2021-10-01", "2021-11-01"]),
                          **{f"{x}_{y}_q{q}": [1 if (x, q) == ("RUS", 1) else 0, 0, 0]
                             for x, y in (("RUS", "TUR"), ("TUR", "RUS")) for q in (1, 2, 3, 4)},
                          "events": [1, 0, 0], "goldstein_sum": [3.0, 0, 0],
                          "goldstein_mean": [3.0, float("nan"), float("nan")],
                          "net_cooperation": [1.0, float("nan"), float("nan")]})
    text = format_dyad(frame, "rus", "tur")
    assert "RUS–TUR: 1 events" in text and "2021-09-01" in text and "2021-10-01" not in text.split("\n", 3)[3]


def test_unknown_period_is_a_usage_error():
    with pytest.raises(UsageError, match="--by"):
        dyad(None, "RUS", "TUR", by="fortnight")
