"""What the tests of deploy/ share: a Prometheus and an Alertmanager of the test's own (the
shared Prometheus of scripts/services stays untouched), configs derived from the shipped
deploy/ files, and a `sluice run` to watch.

Each Prometheus here is Debian's /usr/bin/prometheus (installed by scripts/services/prometheus)
on a free port with a temporary config and storage directory; each Alertmanager is started by
scripts/services/alertmanager with a state directory and port of the test's.
"""
import json
import os
import subprocess
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
import yaml

from conftest import REPO, SERVICES
from pipeline_harness import SLUICE, free_port, require_sluice, wait_http

DEPLOY = REPO / "deploy"
PROMETHEUS_YML = DEPLOY / "prometheus" / "prometheus.yml"
RULES_DIR = DEPLOY / "prometheus" / "rules"
ALERTMANAGER_YML = DEPLOY / "alertmanager" / "alertmanager.yml"
PROMETHEUS_BIN = "/usr/bin/prometheus"


def shipped_rule_files():
    files = sorted(RULES_DIR.glob("*.rules.yml"))
    assert files, f"no *.rules.yml in {RULES_DIR}"
    return files


def alerts_of(rule_file):
    """The alerting rules (dicts) of one rules file."""
    groups = yaml.safe_load(rule_file.read_text())["groups"]
    return [r for g in groups for r in g["rules"] if "alert" in r]


def rules_without_waiting(tmp_path):
    """Copies of the shipped rule files with every alert's `for:` removed, so that a test sees
    an alert fire as soon as its expression holds. The expressions stay as shipped."""
    out = []
    for src in shipped_rule_files():
        doc = yaml.safe_load(src.read_text())
        for group in doc["groups"]:
            for rule in group["rules"]:
                rule.pop("for", None)
        dst = tmp_path / src.name
        dst.write_text(yaml.safe_dump(doc, sort_keys=False))
        out.append(dst)
    return out


def prometheus_config(jobs, rule_files=(), alertmanager=None, interval="1s"):
    """deploy/prometheus/prometheus.yml with only `jobs` ({job name: [targets]}, each a job the
    shipped file defines), their targets replaced, scraped and evaluated every `interval`."""
    shipped = yaml.safe_load(PROMETHEUS_YML.read_text())
    defined = {job["job_name"]: job for job in shipped["scrape_configs"]}
    scrape_configs = []
    for name, targets in jobs.items():
        assert name in defined, f"{PROMETHEUS_YML} has no job {name!r} (it has {sorted(defined)})"
        job = dict(defined[name], static_configs=[{"targets": list(targets)}])
        scrape_configs.append(job)
    config = {
        "global": dict(shipped["global"], scrape_interval=interval, evaluation_interval=interval),
        "scrape_configs": scrape_configs,
        "rule_files": [str(f) for f in rule_files],
    }
    if alertmanager:
        config["alerting"] = {"alertmanagers": [{"static_configs": [{"targets": [alertmanager]}]}]}
    return config


@contextmanager
def own_prometheus(tmp_path, config):
    """A Prometheus of this test with `config` (a dict); yields its base URL."""
    if not os.path.exists(PROMETHEUS_BIN):
        pytest.fail(f"{PROMETHEUS_BIN} is missing: scripts/services/prometheus install")
    home = tmp_path / "prometheus"
    home.mkdir()
    (home / "prometheus.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    port = free_port()
    log = open(home / "prometheus.log", "w")
    proc = subprocess.Popen([PROMETHEUS_BIN, f"--config.file={home / 'prometheus.yml'}",
                             f"--storage.tsdb.path={home / 'data'}",
                             f"--web.listen-address=127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_http(f"{url}/-/ready", timeout=60)
        except AssertionError:
            raise AssertionError((home / "prometheus.log").read_text()[-4000:])
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def query(base, expr):
    """The result vector of an instant query; fails on an error answer (bad PromQL)."""
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            body = json.load(resp)
    except urllib.error.HTTPError as e:
        raise AssertionError(f"query {expr!r}: {e.code} {e.read().decode()[:500]}")
    assert body["status"] == "success", body
    return body["data"]["result"]


def series_label_values(base, metric, label):
    """label_values(metric, label) as Grafana asks it: /api/v1/series."""
    url = f"{base}/api/v1/series?" + urllib.parse.urlencode({"match[]": metric})
    with urllib.request.urlopen(url, timeout=10) as resp:
        body = json.load(resp)
    return sorted({s[label] for s in body["data"] if label in s})


def wait_for_query(base, expr, timeout, what):
    """Polls an instant query until it returns something; returns the result."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = query(base, expr)
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"no result for {expr!r} ({what}) after {timeout}s")


@contextmanager
def own_alertmanager(tmp_path, config):
    """Alertmanager with `config` (a dict), started and stopped by scripts/services/alertmanager
    in a state directory and on a port of this test; yields its 'host:port'."""
    home = tmp_path / "alertmanager"
    home.mkdir()
    path = home / "alertmanager.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    port = free_port()
    env = dict(os.environ, ALERTMANAGER_DIR=str(home), ALERTMANAGER_PORT=str(port),
               ALERTMANAGER_CONFIG=str(path))
    script = str(SERVICES / "alertmanager")
    start = subprocess.run([script, "start"], capture_output=True, text=True, env=env, timeout=120)
    assert start.returncode == 0, start.stdout + start.stderr
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([script, "stop"], capture_output=True, env=env, timeout=60)


@contextmanager
def sluice_run(tmp_path, api_url, config=REPO / "config" / "local.yaml", ready="/healthz"):
    """`sluice run` (embedded) on `config` with a data dir under tmp_path, reading `api_url`;
    yields its 'host:port' once `ready` answers 200."""
    require_sluice()
    port = free_port()
    env = dict(os.environ, SLUICE_DATA_DIR=str(tmp_path / "data"), SLUICE_API_URL=api_url,
               SLUICE_LISTEN=f"127.0.0.1:{port}")
    log_path = tmp_path / "sluice-run.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(SLUICE), "run", "--config", str(config)], stdout=log,
                                stderr=subprocess.STDOUT, env=env)
    try:
        try:
            wait_http(f"http://127.0.0.1:{port}{ready}", timeout=60)
        except AssertionError:
            raise AssertionError(log_path.read_text()[-4000:])
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=60)
