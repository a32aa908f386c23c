"""sluice's own CQL client (src/cql/) against the real Cassandra: runs the GoogleTest cases of
tests/integration/cql_client_test.cpp (every result kind, paging, prepared statements of every
sink column type, batches, error decoding, re-prepare after the table is re-created, many
requests in flight), then reads what they wrote with an independent client, Debian's
python3-cassandra."""
import datetime
import os
import subprocess
import uuid

from cassandra.cluster import Cluster
from conftest import cassandra_auth_provider, cassandra_credentials

ROWS = 100
UUID = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")


def client_env(host, port, keyspace=None):
    env = dict(os.environ, SLUICE_CASSANDRA_HOSTS=f"{host}:{port}")
    env.pop("SLUICE_CASSANDRA_CA_FILE", None)  # plaintext; test_cql_tls.py sets it for TLS
    if keyspace:
        env["SLUICE_CQL_TEST_KEYSPACE"] = keyspace
    credentials = cassandra_credentials()
    if credentials:
        env["SLUICE_CASSANDRA_USER"], password_file = credentials
        env["SLUICE_CASSANDRA_PASSWORD_FILE"] = str(password_file)
    return env


def run_client(binary, env, gtest_filter="*"):
    proc = subprocess.run([str(binary), f"--gtest_filter={gtest_filter}", "--gtest_brief=1"],
                          env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, f"{binary} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
    return proc.stdout


def expected_row(i):
    """What sink_row(i) in cql_client_test.cpp binds, as python3-cassandra returns it."""
    at = datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=1700000000000 + i * 1000)
    return (f"user-{i}", i * 7 - 100, (1 << 40) + i, i % 2 == 0, i + 0.25, at, UUID,
            b"\x00\xff" + str(i).encode(), f"Zoë ✓ {i}")


def check_client_rows(session, keyspace):
    """What the CqlClient.* cases left in `keyspace`, read with python3-cassandra."""
    rows = session.execute(
        f"SELECT name, n, big, ok, score, at, id, raw, note FROM {keyspace}.for_python")
    got = {r.name: tuple(r) for r in rows}
    assert got == {f"user-{i}": expected_row(i) for i in range(ROWS)}

    nulls = session.execute(
        f"SELECT n, big, ok, score, at, id, raw, note FROM {keyspace}.sink_types "
        "WHERE name = 'nulls'").one()
    assert tuple(nulls) == (None,) * 8

    coll = session.execute(f"SELECT l, s, m FROM {keyspace}.collections WHERE k = 1").one()
    assert list(coll.l) == [3, 1]
    assert set(coll.s) == {"a", "b"}
    assert dict(coll.m) == {"x": 1, "y": 2}

    count = session.execute(f"SELECT count(*) FROM {keyspace}.concurrent").one()[0]
    assert count == 8 * 150


def test_cql_client_against_cassandra(cassandra_endpoint, cql_client_binary):
    host, port = cassandra_endpoint
    keyspace = f"cql_client_{uuid.uuid4().hex[:10]}"
    cluster = Cluster([host], port=port, connect_timeout=10,
                      auth_provider=cassandra_auth_provider())
    session = cluster.connect()
    try:
        out = run_client(cql_client_binary, client_env(host, port, keyspace), "CqlClient.*")
        assert "PASSED" in out
        check_client_rows(session, keyspace)
    finally:
        session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}")
        cluster.shutdown()
