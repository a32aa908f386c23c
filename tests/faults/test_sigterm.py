"""SIGTERM while `sluice run` is busy (ingest publishing, the processor writing): it stops
ingest between pages, drains what the processor holds, commits its offsets and exits 0 within
STOP_SECONDS; what it stored is exactly what it committed, and a restart finishes the input to
the fault-free run's tables."""

import time
from pathlib import Path

import faultlib

INPUT = faultlib.Input("faults-term", pages=100, results=1000)
STOP_SECONDS = 10


def committed_offsets(tmp):
    text = (Path(tmp) / "data" / "log" / "offsets" / "sluice-process.off").read_text()
    lines = text.splitlines()[1:-1]  # the first line names the format, the last is a CRC
    return sum(int(line.split()[1]) for line in lines)


def test_sigterm_drains_in_flight_work_and_exits_0(tmp_path, tmp_path_factory):
    with INPUT.mock(tmp_path) as api:
        config, env = INPUT.config(tmp_path, api)
        db = faultlib.db_path(tmp_path)
        run = faultlib.Run(config, env, tmp_path)
        try:
            run.wait_for("a third of the records stored",
                         lambda: faultlib.total_rows(db) >= INPUT.records // 3, 120)
            started = time.monotonic()
            code = run.stop(timeout=60)
            took = time.monotonic() - started
        finally:
            run.kill()
        faultlib.count("faults injected")
        print(f"SIGTERM to exit: {took:.2f} s")
        assert code == 0, run.output()[-4000:]
        assert took < STOP_SECONDS, run.output()[-4000:]
        stored = faultlib.total_rows(db)
        assert stored < INPUT.records, "the run ended before the signal: nothing was in flight"
        assert committed_offsets(tmp_path) == stored, run.output()[-4000:]
        faultlib.harness.run(["run", "--config", config, "--once"], env)
    faultlib.assert_same_as_reference(db, INPUT, tmp_path_factory.getbasetemp())
