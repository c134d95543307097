"""Raise the accuracy floors in tests/accuracy_baseline.json to what tidings measures now. Never lowers one.

    .venv/bin/python scripts/update_accuracy_baseline.py

Lowering a floor is a deliberate hand edit whose reason goes in the commit message.
"""
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from accuracy_sets import BASELINE, GATED, file_name, gold_path, uses_model  # noqa: E402

from tidings import Options  # noqa: E402

from tidings.evaluate import evaluate  # noqa: E402


def main() -> None:
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    for name, (fmt, metrics) in GATED.items():
        path = gold_path(file_name(name))
        if path is None:
            sys.exit(f"{name}: not found; set TIDINGS_SHARED to the shared folder")
        report = evaluate(path, fmt=fmt, options=Options(patterns_only=not uses_model(name)))
        floors = baseline.setdefault(name, {})
        for metric in metrics:
            measured = math.floor(report.metrics.get(metric, 0.0) * 1000) / 1000
            old = floors.get(metric, 0.0)
            floors[metric] = max(old, measured)
            print(f"{name:36} {metric:28} {old:.3f} -> {floors[metric]:.3f}")
    BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
