"""deploy/prometheus and deploy/alertmanager pass their own tools' checks: `promtool check
config`, `promtool check rules`, the alerts' unit tests (`promtool test rules`), `amtool
check-config`, and routing by severity (`amtool config routes test`). And the alerts are
complete: each one named in issue 13 exists, carries a severity, summary, description and
runbook, has a unit test where it fires and one where it does not, and is explained in
docs/operations.md."""
import re
import subprocess

import yaml

from conftest import REPO, require_tool
from monitoring_harness import ALERTMANAGER_YML, DEPLOY, PROMETHEUS_YML, alerts_of, shipped_rule_files

RULE_TESTS = sorted((DEPLOY / "prometheus" / "tests").glob("*.yml"))
EXPECTED_ALERTS = {
    "SluiceRoleDown", "SluiceIngestFailing", "SluiceInvalidRatioHigh", "SluiceRuleFailuresSpiking",
    "SluiceConsumerLagGrowing", "SluiceSinkErrors", "SluiceEndToEndLatencyHigh",
    "SluiceWorkflowRunFailed", "SluiceDiskNearlyFull",
}


def run(*cmd):
    done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))}:\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def shipped_alerts():
    return [a for f in shipped_rule_files() for a in alerts_of(f)]


def test_promtool_checks_config_and_rules():
    promtool = require_tool("promtool")
    out = run(promtool, "check", "config", PROMETHEUS_YML)
    # The config's rule_files glob must find the shipped rules, not nothing.
    assert f"{len(shipped_rule_files())} rule files found" in out, out
    run(promtool, "check", "rules", *shipped_rule_files())


def test_promtool_unit_tests_pass():
    assert RULE_TESTS, "no deploy/prometheus/tests/*.yml"
    out = run(require_tool("promtool"), "test", "rules", *RULE_TESTS)
    assert "FAILED" not in out, out


def test_every_alert_is_complete_and_tested_firing_and_silent():
    alerts = shipped_alerts()
    assert {a["alert"] for a in alerts} >= EXPECTED_ALERTS
    for a in alerts:
        assert a.get("labels", {}).get("severity") in ("critical", "warning"), a["alert"]
        for key in ("summary", "description", "runbook"):
            assert a.get("annotations", {}).get(key, "").strip(), f"{a['alert']}: no {key}"
    firing, silent = set(), set()
    for path in RULE_TESTS:
        for case in yaml.safe_load(path.read_text())["tests"]:
            for check in case.get("alert_rule_test", []):
                (firing if check.get("exp_alerts") else silent).add(check["alertname"])
    names = {a["alert"] for a in alerts}
    assert names - firing == set(), f"alerts never tested firing: {names - firing}"
    assert names - silent == set(), f"alerts never tested silent: {names - silent}"


def test_every_alert_is_explained_in_the_operations_guide():
    guide = (REPO / "docs" / "operations.md").read_text()
    missing = {a["alert"] for a in shipped_alerts()} - set(re.findall(r"`(Sluice\w+)`", guide))
    assert not missing, f"docs/operations.md does not explain {missing}"


def test_amtool_checks_the_alertmanager_config():
    out = run(require_tool("amtool"), "check-config", ALERTMANAGER_YML)
    assert "SUCCESS" in out and "2 inhibit rules" in out, out


def test_alerts_are_routed_by_severity():
    amtool = require_tool("amtool")

    def receiver(*labels):
        return run(amtool, "config", "routes", "test", f"--config.file={ALERTMANAGER_YML}",
                   *labels).split("\n")[0].strip()

    assert receiver("alertname=SluiceIngestFailing", "severity=critical") == "oncall"
    assert receiver("alertname=SluiceSinkErrors", "severity=warning") == "team-mail"


def test_no_secret_in_the_alertmanager_config():
    config = yaml.safe_load(ALERTMANAGER_YML.read_text())
    text = ALERTMANAGER_YML.read_text()
    assert "smtp_auth_password:" not in text and "credentials:" not in text
    assert config["global"]["smtp_auth_password_file"]
    for receiver in config["receivers"]:
        for hook in receiver.get("webhook_configs", []):
            assert "credentials_file" in hook["http_config"]["authorization"], receiver["name"]
