"""sluice's CQL client and Cassandra sink over TLS, against the real Cassandra of
scripts/services/cassandra, whose one native port takes TLS and plaintext clients alike, with a
certificate for 127.0.0.1 and localhost from the service's own CA (cassandra/tls/ca.pem under
$SLUICE_SERVICES_HOME). No restart: the server always runs so.

- Each CqlTls.* case of tests/integration/cql_tls_test.cpp, as a test of its own: the service's
  CA is trusted and the server sees a TLS client; plaintext works beside it on the same port;
  prepared statements from 8 threads with many requests in flight on one TLS connection; a CA
  of the test's own (made here with the openssl command) and the system store both fail with a
  certificate verify error naming the host; an address the certificate does not name (a relay
  on 127.0.0.2 that passes the bytes through) is refused unless hostname verification is off;
  `localhost`, which it names, is accepted.
- The whole CqlClient.* suite again, every session over TLS, its rows read back with
  python3-cassandra over TLS (verifying the server the same way).
- The Cassandra sink with sink.tls: writes, key lookups and the rows for python3-cassandra."""
import os
import socket
import subprocess
import threading
import uuid

import pytest

from conftest import (BUILD_DIR, cassandra_credentials, cassandra_tls_cluster, gtest_cases,
                      require_tool, run_gtest_case)
from test_cassandra_sink import check_sink_rows, drop_keyspaces, run_sink_binary, sink_env
from test_cql_client import check_client_rows, client_env, run_client

BINARY = BUILD_DIR / "tests" / "integration_cql"


class Relay:
    """Listens on 127.0.0.2 (an address the server's certificate does not name) and passes
    every connection's bytes both ways to the server: TLS runs end to end through it."""

    def __init__(self, target):
        self.target = target
        self.listener = socket.create_server(("127.0.0.2", 0))
        self.address = "%s:%d" % self.listener.getsockname()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target, timeout=10)
            server.settimeout(None)
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def close(self):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()


@pytest.fixture(scope="module")
def wrong_ca(tmp_path_factory):
    """A CA of this test's own: it signed nothing the server holds."""
    openssl = require_tool("openssl")
    path = tmp_path_factory.mktemp("wrong-ca") / "ca.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                    "/CN=not the services CA", "-keyout", str(path.with_suffix(".key")),
                    "-out", str(path)], check=True, capture_output=True, timeout=60)
    return path


@pytest.fixture(scope="module")
def unnamed_host(cassandra_endpoint):
    relay = Relay(cassandra_endpoint)
    yield relay.address
    relay.close()


def tls_case_names():
    return [c for c in gtest_cases(BINARY) if c.startswith("CqlTls.") or c == "<missing>"]


@pytest.mark.parametrize("case", tls_case_names())
def test_cql_tls(case, cassandra_endpoint, cassandra_ca_file, wrong_ca, unnamed_host):
    host, port = cassandra_endpoint
    env = dict(os.environ, SLUICE_CASSANDRA_HOSTS=f"{host}:{port}",
               SLUICE_CASSANDRA_CA_FILE=str(cassandra_ca_file),
               SLUICE_CQL_TEST_WRONG_CA=str(wrong_ca),
               SLUICE_CQL_TEST_UNNAMED_HOST=unnamed_host)
    credentials = cassandra_credentials()
    if credentials:
        env["SLUICE_CASSANDRA_USER"], password_file = credentials
        env["SLUICE_CASSANDRA_PASSWORD_FILE"] = str(password_file)
    run_gtest_case(BINARY, case, "integration_cql", env)


def test_cql_client_suite_over_tls(cassandra_endpoint, cassandra_ca_file, cql_client_binary):
    host, port = cassandra_endpoint
    keyspace = f"cql_tls_{uuid.uuid4().hex[:10]}"
    env = client_env(host, port, keyspace)
    env["SLUICE_CASSANDRA_CA_FILE"] = str(cassandra_ca_file)
    cluster = cassandra_tls_cluster(host, port, cassandra_ca_file)
    session = cluster.connect()
    try:
        out = run_client(cql_client_binary, env, "CqlClient.*")
        assert "PASSED" in out
        check_client_rows(session, keyspace)
    finally:
        session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}")
        cluster.shutdown()


def test_cassandra_sink_over_tls(cassandra_endpoint, cassandra_ca_file, cassandra_sink_binary):
    host, port = cassandra_endpoint
    prefix = f"sink_tls_{uuid.uuid4().hex[:10]}"
    keyspace = f"{prefix}_read"
    env = sink_env(host, port, prefix, keyspace)
    env["SLUICE_CASSANDRA_CA_FILE"] = str(cassandra_ca_file)
    cluster = cassandra_tls_cluster(host, port, cassandra_ca_file)
    session = cluster.connect()
    try:
        # A group of 3,500 rows completing after every acknowledgement, key_owners() of 7,500
        # keys, and the rows for the independent reader: the sink's busiest paths.
        run_sink_binary(cassandra_sink_binary, env,
                        "CassandraSinkRows.*"
                        ":CassandraSinkTest.AGroupCompletesOnlyAfterEveryWriteIsAcknowledged"
                        ":CassandraSinkTest.KeyOwnersOfFiveThousandKeysAreExactlyTheStoredOnes")
        check_sink_rows(session, keyspace)
    finally:
        drop_keyspaces(session, prefix)
        cluster.shutdown()
