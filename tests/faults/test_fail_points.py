"""Fault points that FAIL (an I/O error Status, `<name>:fail` in SLUICE_FAULT_FILE) in the
middle of a `sluice run`: the error is reported (log line, /readyz, a metric where there is
one), nothing is acknowledged that was not stored while it lasts, and once the file is emptied
the pipeline goes on by itself to the fault-free run's tables, row for row."""

import re
import time
from pathlib import Path

import pytest

import faultlib

INPUT = faultlib.Input("faults-fail", pages=40, results=500)

# point -> (what /readyz names, a line the log shows, a metric line that counts it or None)
POINTS = {
    "log.append": ("ingest:", "ingest run failed", r'sluice_ingest_runs_total\{[^}]*result="failed"\} [1-9]'),
    "log.fsync": ("ingest:", "ingest run failed", r'sluice_ingest_runs_total\{[^}]*result="failed"\} [1-9]'),
    "log.segment_roll": ("ingest:", "ingest run failed", r'sluice_ingest_runs_total\{[^}]*result="failed"\} [1-9]'),
    "sink.write": ("sink (sqlite):", "writing it again until it passes", r'sluice_sink_errors_total\{[^}]*kind="io"\} [1-9]'),
    "log.offsets.commit": ("offset commits (embedded):", "offset commit failed, retrying", None),
}


def offsets_text(tmp):
    path = Path(tmp) / "data" / "log" / "offsets" / "sluice-process.off"
    return path.read_text() if path.exists() else ""


@pytest.mark.parametrize("point", list(POINTS))
def test_failing_point_is_reported_and_the_pipeline_recovers(point, tmp_path, tmp_path_factory):
    readyz_names, log_line, metric = POINTS[point]
    fault_file = tmp_path / "faults"
    fault_file.write_text("")
    with INPUT.mock(tmp_path) as api:
        # Two pages a run and small segments: the run lasts a few seconds and rolls segments.
        config, env = INPUT.config(tmp_path, api, pages_per_run=2, interval_ms=200,
                                   segment_bytes=262144)
        run = faultlib.Run(config, env, tmp_path, extra_env={"SLUICE_FAULT_FILE": str(fault_file)})
        db = faultlib.db_path(tmp_path)
        try:
            run.wait_for("a first stored group", lambda: faultlib.total_rows(db) > 0, 60)
            fault_file.write_text(f"{point}:fail\n")
            faultlib.count("faults injected")
            run.wait_for(f"/readyz naming {readyz_names}",
                         lambda: (lambda c, b: c == 503 and readyz_names in b
                                  and "injected I/O error" in b)(*run.readyz()), 30)
            run.wait_for(f"the log line '{log_line}'", lambda: log_line in run.output(), 10)
            if metric:
                assert re.search(metric, run.metrics()), run.metrics()
            # While it fails, nothing goes past the failing step: no new rows for log and
            # sink faults, no offsets file change for an offset commit fault.
            time.sleep(1.0)  # what was in flight before the fault lands
            rows_then, offsets_then = faultlib.total_rows(db), offsets_text(tmp_path)
            time.sleep(1.5)
            if point == "log.offsets.commit":
                assert offsets_text(tmp_path) == offsets_then
            else:
                assert faultlib.total_rows(db) == rows_then
                assert rows_then < INPUT.records
            fault_file.write_text("")
            run.wait_for("every record stored",
                         lambda: faultlib.total_rows(db) >= INPUT.records, 120)
            run.wait_for("/readyz ready", lambda: run.readyz()[0] == 200, 30)
            code = run.stop()
        finally:
            run.kill()
        assert code == 0, run.output()[-4000:]
    faultlib.assert_same_as_reference(db, INPUT, tmp_path_factory.getbasetemp())
