"""Shared parts of the fault suite (tests/faults): the e2e harness (tests/e2e/harness.py) for the
mock API and configs, the fault-free reference result of an input, `sluice run` as a child
process to kill, fail or stop, and the suite's tally (conftest.py prints it at the end).
Standard library only."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
import harness  # noqa: E402  (tests/e2e/harness.py)

# What the suite did, summed over its tests; printed by conftest.py and recorded in
# docs/operations.md ("Fault suite").
TALLY = {"crashes survived": 0, "faults injected": 0, "bad inputs tried": 0,
         "records compared": 0, "records lost": 0, "records doubled": 0}
HITS = {}  # moment (fault point or "random SIGKILL") -> crashes there
# The command the summary names to run the suite again (the cluster scenarios set their own).
REPRODUCE = "make faults (SLUICE_FAULTS_SEED=<seed> repeats the kill moments)"


def count(key, n=1):
    TALLY[key] = TALLY.get(key, 0) + n


# Rows compared: every column but the ingest time, which differs from run to run.
USER_COLUMNS = ("username, first_name, last_name, gender, address, post_code, email, dob, "
                "registered_date, phone, picture, _partition, _offset")


def rows(db):
    """(sorted created_users rows, sorted quarantine rows), log positions included."""
    con = sqlite3.connect(db)
    try:
        users = sorted(con.execute(f"SELECT {USER_COLUMNS} FROM created_users"))
        quarantine = sorted(con.execute("SELECT _partition, _offset, raw, reasons FROM quarantine"))
    finally:
        con.close()
    return users, quarantine


# Rows in created_users and quarantine together (harness.py's).
total_rows = harness.total_rows


class Input:
    """One input: the mock API's seed and pages (it answers no records past `pages`)."""

    def __init__(self, seed, pages, results, invalid_rate=0.2):
        self.seed, self.pages, self.results, self.invalid_rate = seed, pages, results, invalid_rate

    @property
    def records(self):
        return self.pages * self.results

    def mock(self, tmp, *extra):
        return harness.MockApi(tmp, "--invalid-rate", self.invalid_rate, "--max-page",
                               self.pages, *extra)

    def config(self, tmp, api, **overrides):
        settings = dict(seed=self.seed, results_per_page=self.results, pages_per_run=self.pages,
                        initial_backoff_ms=20, max_backoff_ms=500, interval_ms=100)
        settings.update(overrides)
        return harness.pipeline_config(tmp, api.url, **settings)


_REFERENCES = {}


def reference(inp, tmp_root):
    """The tables of the input run once without faults (`sluice run --once`), computed once
    per input in this session."""
    key = (inp.seed, inp.pages, inp.results, inp.invalid_rate)
    if key not in _REFERENCES:
        tmp = Path(tmp_root) / f"reference-{inp.seed}-{inp.pages}x{inp.results}"
        tmp.mkdir(parents=True)
        with inp.mock(tmp) as api:
            config, env = inp.config(tmp, api)
            harness.run(["run", "--config", config, "--once"], env)
        result = rows(tmp / "data" / "sluice.db")
        assert len(result[0]) + len(result[1]) == inp.records, "reference run incomplete"
        _REFERENCES[key] = result
    return _REFERENCES[key]


def assert_same_as_reference(db, inp, tmp_root):
    """The tables equal the fault-free run's row for row; tallies lost and doubled rows."""
    assert_same_tables(rows(db), reference(inp, tmp_root))


def table_differences(got, want):
    """Per table of (created_users, quarantine): (name, rows got, rows wanted, rows of `want`
    missing from `got`, rows of `got` not in `want`)."""
    out = []
    for table, g, w in (("created_users", got[0], want[0]), ("quarantine", got[1], want[1])):
        gs, ws = set(g), set(w)
        out.append((table, g, w, ws - gs, gs - ws))
    return out


def describe_differences(got, want, sample=5):
    """Rows per table against the fault-free run's, how many missing and unexpected, and up to
    `sample` of each (for a failure message)."""
    lines = []
    for table, g, w, missing, extra in table_differences(got, want):
        lines.append(f"{table}: {len(g)} rows against {len(w)}; {len(missing)} missing, "
                     f"{len(extra)} not expected")
        for label, rows in (("missing", missing), ("not expected", extra)):
            lines += [f"  {label}: {row!r:.400}" for row in sorted(rows, key=repr)[:sample]]
    return "\n".join(lines)


def assert_same_tables(got, want):
    """(created_users, quarantine) rows `got` equal `want` row for row; tallies the records
    compared, lost and doubled (the cluster scenarios call this too)."""
    for table, g, w, missing, extra in table_differences(got, want):
        count("records compared", len(w))
        count("records lost", len(missing))
        count("records doubled", len(extra) + (len(g) - len(set(g))))
        assert not missing and not extra, (
            f"{table}: {len(missing)} rows of the fault-free run missing, {len(extra)} rows not "
            f"in it\n{describe_differences(got, want)}")


class Run:
    """`sluice run --config C` (no --once: it keeps ingesting every interval_ms) as a child
    process, output to a file."""

    def __init__(self, config, env, tmp, once=False, extra_env=None, preexec_fn=None):
        self.out_path = Path(tmp) / f"run-{time.monotonic_ns()}.log"
        self.out = open(self.out_path, "w")
        args = [harness.SLUICE, "run", "--config", str(config), "--progress-ms", "500"]
        if once:
            args.append("--once")
        self.env = {**env, **(extra_env or {})}
        self.listen = self.env["SLUICE_LISTEN"]
        self.proc = subprocess.Popen(args, env=self.env, stdout=self.out,
                                     stderr=subprocess.STDOUT, preexec_fn=preexec_fn)

    def output(self):
        if not self.out.closed:
            self.out.flush()
        return self.out_path.read_text(errors="replace")

    def readyz(self):
        """(status code, body) of /readyz, or (None, error) when it does not answer."""
        try:
            with urllib.request.urlopen(f"http://{self.listen}/readyz", timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()
        except OSError as e:
            return None, str(e)

    def metrics(self):
        with urllib.request.urlopen(f"http://{self.listen}/metrics", timeout=5) as r:
            return r.read().decode()

    def wait_for(self, what, predicate, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"sluice run exited {self.proc.returncode} while waiting "
                                     f"for {what}\n{self.output()[-4000:]}")
            if predicate():
                return
            time.sleep(0.1)
        raise AssertionError(f"no {what} within {timeout} s\n{self.output()[-4000:]}")

    def stop(self, timeout=30):
        """SIGTERM, then the exit code (killed after `timeout` s: a failure)."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"no exit within {timeout} s of SIGTERM\n{self.output()[-4000:]}")
        finally:
            self.out.close()
        return code

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.out.close()


def db_path(tmp):
    return Path(tmp) / "data" / "sluice.db"


def seed_from_env(default):
    """The suite's RNG seed: SLUICE_FAULTS_SEED reproduces a run; printed by each test."""
    value = int(os.environ.get("SLUICE_FAULTS_SEED", default))
    print(f"fault suite seed {value} (SLUICE_FAULTS_SEED={value} reproduces this run)")
    return value
