"""sluice's CQL client against PasswordAuthenticator (`scripts/services/cassandra start --auth`):
the right password logs in, a wrong one and none at all fail with a clear message that never
contains the password.

When Cassandra is not in --auth mode already, the test restarts it with --auth, runs the cases
and restarts it without (about a minute here, within `make test`; see docs/cql.md)."""
import subprocess

from conftest import SERVICES, cassandra_credentials
from test_cql_client import client_env, run_client


def cassandra(*args):
    subprocess.run([str(SERVICES / "cassandra"), *args], check=True, timeout=300)


def test_password_authenticator(cassandra_endpoint, cql_client_binary):
    host, port = cassandra_endpoint
    restart = cassandra_credentials() is None
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
