"""The shipped alerting path end to end: a real `sluice run` whose source is down (`sluice
mock-api --down`), a Prometheus of the test's scraping it every second with the shipped rules
(only `for:` removed), the shipped Alertmanager config (receivers pointed at an HTTP server of
the test, group_wait shortened) running in a real Alertmanager; the webhook must receive
SluiceIngestFailing with the labels a receiver routes and reads by. Then the same
Alertmanager's inhibition rules, checked on alerts posted to its API."""
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from monitoring_harness import (ALERTMANAGER_YML, own_alertmanager, own_prometheus,
                                prometheus_config, rules_without_waiting, sluice_run)
from pipeline_harness import mock_api

TOKEN = "test-bearer-token"


class Webhook:
    """An HTTP server that keeps every POSTed notification: (path, Authorization, body)."""

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, self.headers.get("Authorization"), json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def alerts(self, alertname):
        """(path, authorization, alert) for every alert of that name received so far."""
        return [(path, auth, a) for path, auth, body in list(self.received)
                for a in body["alerts"] if a["labels"].get("alertname") == alertname]


def alertmanager_config(webhook, token_file):
    """The shipped config with every receiver posting to `webhook` at /<receiver name> with the
    bearer token from `token_file`, and notifications sent 1 s after an alert arrives. The
    e-mail configs are dropped: there is no SMTP server here."""
    config = yaml.safe_load(ALERTMANAGER_YML.read_text())
    for receiver in config["receivers"]:
        receiver.pop("email_configs", None)
        receiver["webhook_configs"] = [{
            "url": f"{webhook.url}/{receiver['name']}", "send_resolved": True,
            "http_config": {"authorization": {"type": "Bearer",
                                              "credentials_file": str(token_file)}}}]
    routes = [config["route"], *config["route"].get("routes", [])]
    for route in routes:
        route["group_wait"] = "1s"
    config["route"]["group_interval"] = "1s"
    return config


@pytest.fixture(scope="module")
def webhook():
    hook = Webhook()
    yield hook
    hook.server.shutdown()


@pytest.fixture(scope="module")
def alertmanager(tmp_path_factory, webhook):
    tmp = tmp_path_factory.mktemp("am")
    token_file = tmp / "webhook_token"
    token_file.write_text(TOKEN + "\n")
    with own_alertmanager(tmp, alertmanager_config(webhook, token_file)) as address:
        yield address


def wait_for(what, predicate, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def test_a_down_source_pages_through_alertmanager(tmp_path, webhook, alertmanager):
    with mock_api(tmp_path / "mock.log", extra=["--down"]) as api_url, \
            sluice_run(tmp_path, api_url) as sluice_address:
        config = prometheus_config({"sluice-run": [sluice_address]},
                                   rules_without_waiting(tmp_path), alertmanager=alertmanager)
        with own_prometheus(tmp_path, config):
            # An ingest run gives up after its retries (about 6 s with config/local.yaml's
            # backoff), then Prometheus evaluates, Alertmanager waits group_wait and posts.
            received = wait_for("SluiceIngestFailing at the webhook",
                                lambda: webhook.alerts("SluiceIngestFailing"), timeout=120)
    path, authorization, alert = received[0]
    labels = alert["labels"]
    assert alert["status"] == "firing", alert
    assert labels["severity"] == "critical", labels
    assert labels["pipeline"] == "user_profiles", labels
    assert labels["job"] == "sluice-run", labels
    assert labels["instance"] == sluice_address, labels
    assert labels["monitor"] == "sluice", labels  # the shipped external label
    assert alert["annotations"]["summary"] == "ingest of user_profiles fails every run"
    assert path == "/oncall", path  # critical alerts take the oncall route
    assert authorization == f"Bearer {TOKEN}"  # the token came from its file
    assert not webhook.alerts("SluiceRoleDown")  # the process was up all along


def post_alerts(address, alerts):
    request = urllib.request.Request(f"http://{address}/api/v2/alerts",
                                     data=json.dumps([{"labels": a} for a in alerts]).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as resp:
        assert resp.status == 200


def states(address, pipeline):
    """{(alertname, severity, instance): state} of the alerts with that pipeline label."""
    with urllib.request.urlopen(f"http://{address}/api/v2/alerts", timeout=10) as resp:
        alerts = json.load(resp)
    return {(a["labels"]["alertname"], a["labels"]["severity"], a["labels"]["instance"]):
            a["status"]["state"] for a in alerts if a["labels"].get("pipeline") == pipeline}


def test_inhibition_silences_warnings_under_criticals_and_a_down_role(alertmanager):
    pipeline = "inhibition-test"
    disk = {"alertname": "SluiceDiskNearlyFull", "pipeline": pipeline, "job": "sluice-process"}
    post_alerts(alertmanager, [
        dict(disk, severity="critical", instance="w1:9101"),
        dict(disk, severity="warning", instance="w1:9101"),
        dict(disk, severity="warning", instance="w2:9102"),  # no critical on w2
        {"alertname": "SluiceRoleDown", "severity": "critical", "job": "sluice-run",
         "instance": "r1:8080", "pipeline": pipeline},
        {"alertname": "SluiceIngestFailing", "severity": "critical", "job": "sluice-run",
         "instance": "r1:8080", "pipeline": pipeline},
    ])
    expected = {
        ("SluiceDiskNearlyFull", "critical", "w1:9101"): "active",
        ("SluiceDiskNearlyFull", "warning", "w1:9101"): "suppressed",
        ("SluiceDiskNearlyFull", "warning", "w2:9102"): "active",
        ("SluiceRoleDown", "critical", "r1:8080"): "active",
        ("SluiceIngestFailing", "critical", "r1:8080"): "suppressed",
    }
    # Inhibitions are computed as alerts arrive; give the API a moment to show all five.
    wait_for(f"states {expected}", lambda: states(alertmanager, pipeline) == expected, timeout=30)
