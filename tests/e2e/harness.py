"""Shared helpers for the end-to-end tests: free ports, the mock API, pipeline configs derived
from config/local.yaml, running `sluice`, and reading the SQLite tables. Standard library only."""

import json
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import time
import urllib.request
from contextlib import closing
from pathlib import Path

SLUICE = os.environ.get("SLUICE_BIN", "build/src/cli/sluice")
SOURCE_DIR = Path(os.environ.get("SLUICE_SOURCE_DIR", Path(__file__).resolve().parents[2]))
# The /api/ bearer token of every sluice these tests start (SLUICE_API_TOKEN in their env).
API_TOKEN = "e2e-" + secrets.token_hex(16)
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
# config/local.yaml stores email and phone as keyed hashes (docs/privacy.md); every sluice these
# tests start inherits this key, so expectations.py can predict the stored values.
PROTECT_KEY = os.environ.setdefault("SLUICE_PROTECT_KEY", "sluice-tests-protect-key-not-a-secret")


def free_port():
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=15.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def api_get(url, timeout=30):
    """GET with the API token: the answer (raise for a status other than 2xx)."""
    return urllib.request.urlopen(urllib.request.Request(url, headers=AUTH), timeout=timeout)


def get_json(url, timeout=30):
    with api_get(url, timeout=timeout) as r:
        return json.loads(r.read().decode("utf-8"))


class MockApi:
    """`sluice mock-api` on a free port; a context manager that stops it."""

    def __init__(self, tmp, *args):
        self.port = free_port()
        self.log = open(Path(tmp) / f"mock-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [SLUICE, "mock-api", "--port", str(self.port), "--quiet", *map(str, args)],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}/api/"
        wait_http(f"http://127.0.0.1:{self.port}/debug/expectations?results=1&page=1&seed=probe")

    def expectations(self, seed, page, results):
        return get_json(f"http://127.0.0.1:{self.port}/debug/expectations"
                        f"?results={results}&page={page}&seed={seed}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def scrape_metrics(base):
    """{(name, frozenset of label pairs): value} from BASE/metrics."""
    with urllib.request.urlopen(base.rstrip("/") + "/metrics", timeout=10) as r:
        text = r.read().decode()
    samples = {}
    for line in text.splitlines():
        m = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if m:
            labels = frozenset(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
            samples[(m.group(1), labels)] = float(m.group(3))
    return samples


def metric_total(samples, name, **labels):
    """Sum of the samples of `name` whose labels include `labels`."""
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= ls)


def pipeline_config(tmp, api_url, **overrides):
    """Writes config/local.yaml with `key: value` lines replaced (first match of each key) and
    the environment pointed at `api_url` and a data dir under tmp. Returns (path, env)."""
    text = (SOURCE_DIR / "config" / "local.yaml").read_text()
    for key, value in overrides.items():
        text, n = re.subn(rf"(?m)^(\s*){key}:.*$", rf"\g<1>{key}: {value}", text, count=1)
        assert n == 1, f"no key {key} in config/local.yaml"
    path = Path(tmp) / "pipeline.yaml"
    path.write_text(text)
    env = dict(os.environ)
    env.update(SLUICE_API_URL=api_url, SLUICE_DATA_DIR=str(Path(tmp) / "data"),
               SLUICE_LISTEN=f"127.0.0.1:{free_port()}", SLUICE_API_TOKEN=API_TOKEN)
    return path, env


def run(args, env, timeout=600, check=True):
    proc = subprocess.run([SLUICE, *map(str, args)], env=env, capture_output=True, text=True,
                          timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"sluice {' '.join(map(str, args))} exited {proc.returncode}\n"
                             f"stdout:\n{proc.stdout[-4000:]}\nstderr:\n{proc.stderr[-4000:]}")
    return proc


def total_rows(db):
    """Rows in created_users and quarantine together; 0 before the tables exist."""
    if not Path(db).exists():
        return 0
    con = sqlite3.connect(db, timeout=10)
    try:
        return con.execute("SELECT (SELECT count(*) FROM created_users) + "
                           "(SELECT count(*) FROM quarantine)").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def tables(db_path):
    """({username: row dict}, {(partition, offset): (raw, [rule ids])}) from the SQLite sink."""
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row
    users = {r["username"]: dict(r) for r in con.execute("SELECT * FROM created_users")}
    quarantine = {}
    for r in con.execute("SELECT _partition, _offset, raw, reasons FROM quarantine"):
        rules = sorted(reason["rule"] for reason in json.loads(r["reasons"]))
        quarantine[(r["_partition"], r["_offset"])] = (r["raw"], rules)
    con.close()
    return users, quarantine
