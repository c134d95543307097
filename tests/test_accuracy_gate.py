"""The accuracy gate: every gated metric of every gold set stays at or above its floor.

Floors live in accuracy_baseline.json and only go up (scripts/update_accuracy_baseline.py raises them).
The gold sets are research data read at run time from ../shared (or $TIDINGS_SHARED), never copied here.
"""
import json

import pytest

from accuracy_sets import BASELINE, GATED, file_name, gold_path, uses_model
from tidings import Options
from tidings.evaluate import evaluate

FLOORS = json.loads(BASELINE.read_text())


@pytest.fixture(scope="module")
def reports(coder, model_coder):
    cache = {}

    def get(name):
        if name not in cache:
            path = gold_path(file_name(name))
            if path is None:
                pytest.skip(f"{name} is not available (set TIDINGS_SHARED)")
            fmt = GATED[name][0]
            chosen = model_coder if uses_model(name) else coder
            cache[name] = evaluate(path, fmt=fmt, coder=None if fmt == "petrarch-validate" else chosen,
                                   options=Options(patterns_only=not uses_model(name)))
        return cache[name]
    return get


def test_every_gated_metric_has_a_floor():
    for name, (_, metrics) in GATED.items():
        assert set(metrics) <= set(FLOORS[name]), name


@pytest.mark.parametrize("name, metric", [(n, m) for n, (_, ms) in GATED.items() for m in ms])
def test_metric_stays_above_its_floor(reports, name, metric):
    measured = reports(name).metrics.get(metric, 0.0)
    assert measured >= FLOORS[name][metric], f"{name} {metric}: {measured:.3f} < floor {FLOORS[name][metric]:.3f}"
