"""Shared settings for the real-service smoke tests.

The servers are started by scripts/test-services (or by hand with scripts/services/<name>
start); these tests only talk to them, each through a client that has nothing to do with
sluice's own code.
"""
import os
import pathlib
import shutil

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SERVICES = REPO / "scripts" / "services"


def endpoint(name, default_port):
    host = os.environ.get(f"{name}_HOST", "127.0.0.1")
    port = int(os.environ.get(f"{name}_PORT", default_port))
    return host, port


@pytest.fixture(scope="session")
def kafka_bootstrap():
    host, port = endpoint("KAFKA", 9092)
    return f"{host}:{port}"


@pytest.fixture(scope="session")
def cassandra_endpoint():
    return endpoint("CASSANDRA", 9042)


@pytest.fixture(scope="session")
def postgres_endpoint():
    return endpoint("POSTGRES", 5432)


@pytest.fixture(scope="session")
def prometheus_url():
    host, port = endpoint("PROMETHEUS", 9090)
    return f"http://{host}:{port}"


def require_tool(tool):
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed (scripts/services/* install it)")
    return path
