"""docs/api/openapi.yaml against the server: it is a valid OpenAPI 3.0 document (checked by
openapi-spec-validator from PyPI, which scripts/install-openapi-validator keeps in a virtualenv
outside the repo), and every path it documents answers on `sluice scheduler` with exactly the
methods it documents (the server's Allow header). That the server has no route the file leaves
out is held by the unit test WorkflowApiSpec (tests/unit/workflow_api/)."""

import re
import subprocess

import yaml

import harness
from test_workflow_api import Scheduler

SPEC = harness.SOURCE_DIR / "docs" / "api" / "openapi.yaml"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def test_the_spec_is_valid_openapi_3():
    python = subprocess.run([str(harness.SOURCE_DIR / "scripts" / "install-openapi-validator")],
                            capture_output=True, text=True, timeout=600, check=True).stdout.strip()
    done = subprocess.run([python, "-m", "openapi_spec_validator", str(SPEC)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("OK"), done.stdout


def test_every_documented_path_answers_with_the_documented_methods(tmp_path):
    spec = yaml.safe_load(SPEC.read_text())
    assert spec["openapi"].startswith("3.0")
    examples = {"name": "greet", "run_id": "manual__2024-03-01T00:00:00+00:00", "task": "hello",
                "attempt": "1"}
    with Scheduler(tmp_path) as s:
        s.json("POST", "/greet/runs", {"logical_date": "2024-03-01"}, expect=201)
        for path, item in spec["paths"].items():
            documented = sorted(m.upper() for m in item if m in METHODS)
            concrete = re.sub(r"\{(\w+)\}", lambda m: examples[m.group(1)], path)
            status, headers, text = s.request("OPTIONS", concrete, under="")
            assert status == 204, (path, status, text)
            allowed = sorted(set(headers["Allow"].split(", ")) - {"HEAD", "OPTIONS"})
            assert allowed == documented, (path, allowed, documented)
            # Every operation lists the errors it may answer with, in the Error shape.
            for method in documented:
                responses = item[method.lower()]["responses"]
                assert "404" in responses and "500" in responses, (path, method)
