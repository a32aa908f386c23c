"""`sluice run` killed at >= 20 moments over a 200,000-record input, restarted each time: half at
named fault points (`SLUICE_FAULT=<point>:crash:K`, abort() the K-th time the point is reached:
fetch, publish, fsync, commit record, sink write, offset commit), half by SIGKILL at a random
time within a run's length. The final tables equal the fault-free run's, row for row. The RNG's seed is printed;
SLUICE_FAULTS_SEED repeats the same moments."""

import random
import signal
import subprocess
import time

import faultlib

INPUT = faultlib.Input("faults-kill", pages=200, results=1000)
PAGES_PER_RUN = 3  # each run is short, so that there are many to kill (~67 for the input)
KILLS = 22
MAX_RUNS = 150  # bound: every run makes progress unless killed, and kills stop at KILLS

# point -> the K of `:crash:K` is drawn from 1..this (how often a 3-page run reaches it)
CRASH_POINTS = {
    "ingest.after_fetch": 3,             # fetch: a page fetched, not published
    "log.append": 10,                    # publish: one batch per partition a page touches
    "log.after_append_before_commit": 3,
    "log.fsync": 2,                      # fsync of the partitions (group commit, every 50 ms)
    "log.after_data_sync": 2,
    "log.after_commit_write": 2,
    "log.after_commit": 2,
    "sink.write": 1,                     # sink write: a group's rows, before COMMIT
    "log.offsets.commit": 1,             # offset commit
    "log.offsets.after_temp_write": 1,
}


def test_kill_at_random_moments_loses_and_doubles_nothing(tmp_path, tmp_path_factory):
    rng = random.Random(faultlib.seed_from_env(14))
    db = faultlib.db_path(tmp_path)
    kills, runs, missed = 0, 0, {}
    run_seconds = 0.5  # how long a whole run took, last time one ran to its end
    points = list(CRASH_POINTS)
    rng.shuffle(points)
    started = time.monotonic()
    with INPUT.mock(tmp_path) as api:
        config, env = INPUT.config(tmp_path, api, pages_per_run=PAGES_PER_RUN)
        while faultlib.total_rows(db) < INPUT.records:
            assert runs < MAX_RUNS, f"{runs} runs, {kills} kills, {faultlib.total_rows(db)} rows"
            runs += 1
            moment, extra_env, timer = None, {}, None
            if kills < KILLS:
                if kills % 2 == 0:
                    moment = points[(kills // 2) % len(points)]
                    k = rng.randint(1, CRASH_POINTS[moment])
                    extra_env = {"SLUICE_FAULT": f"{moment}:crash:{k}"}
                else:
                    # Within what a whole run took last time, so that most timers fire.
                    moment, timer = "random SIGKILL", rng.uniform(0.05, 0.9 * run_seconds)
            run = faultlib.Run(config, env, tmp_path, once=True, extra_env=extra_env)
            run_started = time.monotonic()
            try:
                if timer is not None:
                    try:
                        run.proc.wait(timeout=timer)
                    except subprocess.TimeoutExpired:
                        run.proc.send_signal(signal.SIGKILL)
                code = run.proc.wait(timeout=120)
            finally:
                run.kill()
            output = run.output()
            if moment is None or code == 0:
                assert code == 0, output[-4000:]
                run_seconds = time.monotonic() - run_started
                if moment is not None:
                    missed[moment] = missed.get(moment, 0) + 1  # the next run tries again
                continue
            if timer is None:
                assert code == -signal.SIGABRT and f"crashing at {moment}" in output, output[-4000:]
            else:
                assert code == -signal.SIGKILL, output[-4000:]
            kills += 1
            faultlib.HITS[moment] = faultlib.HITS.get(moment, 0) + 1
            faultlib.count("crashes survived")
        # One more run after the last kill, as an operator would restart.
        final = faultlib.Run(config, env, tmp_path, once=True)
        assert final.proc.wait(timeout=300) == 0, final.output()[-4000:]
        final.kill()
    print(f"{kills} kills in {runs} runs (moments not reached: {missed}) in "
          f"{time.monotonic() - started:.0f} s; crashes by moment: {faultlib.HITS}")
    assert kills >= 20
    assert set(faultlib.HITS) >= set(CRASH_POINTS) | {"random SIGKILL"}, faultlib.HITS
    assert faultlib.total_rows(db) == INPUT.records
    faultlib.assert_same_as_reference(db, INPUT, tmp_path_factory.getbasetemp())
