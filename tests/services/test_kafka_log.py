"""sluice's Kafka log (src/log/kafka/) against the real Kafka: runs each case of the GoogleTest
executable integration_kafka (tests/integration/kafka_log_test.cpp) as a test of its own.

The executable comes from the build tree: $SLUICE_BUILD_DIR (default build/, what `make build`
makes) /tests/integration_kafka. It reaches Kafka through KAFKA_HOST and KAFKA_PORT, like the
other tests here, and makes topics and groups of its own for every case.
"""
import os
import pathlib
import subprocess

import pytest

from conftest import REPO, endpoint

BINARY = pathlib.Path(os.environ.get("SLUICE_BUILD_DIR", REPO / "build")) / "tests" / "integration_kafka"


def gtest_cases():
    if not BINARY.exists():
        return ["<missing>"]
    listing = subprocess.run([str(BINARY), "--gtest_list_tests"], check=True,
                             capture_output=True, text=True, timeout=60).stdout
    cases, suite = [], None
    for line in listing.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            suite = line.strip()
        else:
            cases.append(suite + line.split("#")[0].strip())
    return cases


@pytest.mark.parametrize("case", gtest_cases())
def test_kafka_log(case):
    if case == "<missing>":
        pytest.fail(f"{BINARY} is not built: cmake --build build --target integration_kafka")
    host, port = endpoint("KAFKA", 9092)
    env = dict(os.environ, KAFKA_HOST=host, KAFKA_PORT=str(port))
    run = subprocess.run([str(BINARY), f"--gtest_filter={case}"], capture_output=True,
                         text=True, timeout=300, env=env)
    # GoogleTest's own lines first (the librdkafka and sluice log lines come between them).
    report = "\n".join(line for line in run.stdout.splitlines() if not line.startswith("[20"))
    assert run.returncode == 0, report[-8000:] + "\n--- full output ---\n" + run.stdout[-4000:]
    assert "[  PASSED  ] 1 test." in run.stdout, report[-8000:]
