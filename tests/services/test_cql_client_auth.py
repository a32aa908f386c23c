"""sluice's CQL client against PasswordAuthenticator (`scripts/services/cassandra start --auth`):
the right password logs in, a wrong one and none at all fail with a clear message that never
contains the password.

Cassandra is put in --auth mode by the cassandra_with_auth fixture (tests/services/conftest.py),
which the tests needing it share: they run last, after one restart (about a minute, within
`make test`; see docs/cql.md), and the server is restarted without --auth at the end."""
from test_cql_client import client_env, run_client


def test_password_authenticator(cassandra_endpoint, cql_client_binary, cassandra_with_auth):
    host, port = cassandra_endpoint
    out = run_client(cql_client_binary, client_env(host, port), "CqlAuth.*")
    assert "SKIPPED" not in out, out
