"""sluice's CQL client against PasswordAuthenticator (`scripts/services/cassandra start --auth`):
the right password logs in, a wrong one and none at all fail with a clear message that never
contains the password.

Runs whenever Cassandra is already in --auth mode. Otherwise it would need two restarts of
Cassandra (about a minute here), so it runs only when asked: SLUICE_TEST_CASSANDRA_AUTH=1
restarts Cassandra with --auth, runs the cases, and restarts it without (see docs/cql.md)."""
import os
import subprocess

import pytest
from conftest import SERVICES, cassandra_credentials
from test_cql_client import client_env, run_client


def cassandra(*args):
    subprocess.run([str(SERVICES / "cassandra"), *args], check=True, timeout=300)


def test_password_authenticator(cassandra_endpoint, cql_client_binary):
    host, port = cassandra_endpoint
    restart = cassandra_credentials() is None
    if restart and os.environ.get("SLUICE_TEST_CASSANDRA_AUTH") != "1":
        pytest.skip("Cassandra is not in --auth mode; SLUICE_TEST_CASSANDRA_AUTH=1 restarts it so")
    if restart:
        cassandra("stop")
        cassandra("start", "--auth")
    try:
        out = run_client(cql_client_binary, client_env(host, port), "CqlAuth.*")
        assert "SKIPPED" not in out, out
    finally:
        if restart:
            cassandra("stop")
            cassandra("start")
