"""The shipped cluster pipeline with every connection secured, against the real servers:
mock API -> `sluice ingest` -> Kafka over SASL_SSL (SCRAM-SHA-512, the broker verified against
a CA, the password read from a file) -> `sluice process` -> Cassandra over TLS with
PasswordAuthenticator. config/cluster.yaml is used as shipped, switched by its environment
variables (SLUICE_KAFKA_SECURITY, SLUICE_CASSANDRA_TLS, ...; docs/cluster.md, "Securing Kafka
and Cassandra").

Kafka: the SASL_SSL listener of `scripts/services/kafka start --secure`, which
scripts/test-services starts beside the plaintext one (the kafka_secure fixture). Cassandra:
the one server, which always takes TLS on its port, in --auth mode through the
cassandra_with_auth fixture: these tests run last with test_cql_client_auth.py, sharing its
restart (tests/services/conftest.py).

Each failure names what failed (SASL authentication, the certificate, the Cassandra login) and
no output ever holds a password, right or wrong."""
import os
import shutil
import subprocess
import uuid

import pytest

from conftest import REPO, cassandra_tls_cluster, require_tool
from pipeline_harness import (SLUICE, cassandra_tables, mock_api, require_sluice, sluice,
                              sqlite_tables)

CONFIG = REPO / "config" / "cluster.yaml"
WRONG_PASSWORD = "not-the-password-" + uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def api_url(tmp_path_factory):
    require_sluice()
    with mock_api(tmp_path_factory.mktemp("mock") / "mock.log") as url:
        yield url


@pytest.fixture
def secure_env(tmp_path, api_url, kafka_secure, cassandra_endpoint, cassandra_ca_file,
               cassandra_with_auth):
    """config/cluster.yaml's environment for SASL_SSL to Kafka and TLS with a login to
    Cassandra, on a fresh topic and keyspace. The CAs and the Kafka password are copied under
    the test's own directory: sluice reads whatever files it is given."""
    user, cassandra_password_file = cassandra_with_auth
    shutil.copy(kafka_secure["ca_file"], tmp_path / "kafka-ca.pem")
    shutil.copy(cassandra_ca_file, tmp_path / "cassandra-ca.pem")
    kafka_password = tmp_path / "kafka.password"
    shutil.copy(kafka_secure["password_file"], kafka_password)
    os.chmod(kafka_password, 0o600)
    host, port = cassandra_endpoint
    env = dict(os.environ,
               SLUICE_API_URL=api_url, SLUICE_DATA_DIR=str(tmp_path / "data"),
               SLUICE_TOPIC=f"secure-{uuid.uuid4().hex[:10]}",
               SLUICE_KEYSPACE=f"secure_{uuid.uuid4().hex[:10]}",
               SLUICE_KAFKA_BROKERS=kafka_secure["bootstrap"],
               SLUICE_KAFKA_SECURITY="sasl_ssl", SLUICE_KAFKA_SASL_MECHANISM="SCRAM-SHA-512",
               SLUICE_KAFKA_USER=kafka_secure["user"],
               SLUICE_KAFKA_PASSWORD_FILE=str(kafka_password),
               SLUICE_KAFKA_CA_FILE=str(tmp_path / "kafka-ca.pem"),
               SLUICE_CASSANDRA_HOSTS=f"{host}:{port}",
               SLUICE_CASSANDRA_TLS="true",
               SLUICE_CASSANDRA_CA_FILE=str(tmp_path / "cassandra-ca.pem"),
               SLUICE_CASSANDRA_USER=user,
               SLUICE_CASSANDRA_PASSWORD_FILE=str(cassandra_password_file))
    return env


def secrets_of(env, kafka_secure, cassandra_with_auth):
    return [kafka_secure["password_file"].read_text().strip(),
            cassandra_with_auth[1].read_text().strip(), WRONG_PASSWORD]


def run_sluice(env, *args, timeout=120):
    """`sluice ARGS --config config/cluster.yaml`, to completion, whatever its exit code."""
    return subprocess.run([str(SLUICE), *args, "--config", str(CONFIG)], capture_output=True,
                          text=True, timeout=timeout, env=env)


def assert_no_secret(text, secrets):
    for secret in secrets:
        assert secret not in text, "a password appears in sluice's output"


def test_check_says_tls_and_sasl_are_on(secure_env, kafka_secure, cassandra_with_auth):
    run = run_sluice(secure_env, "check")
    assert run.returncode == 0, run.stderr
    env = secure_env
    assert (f"TLS on (CA {env['SLUICE_KAFKA_CA_FILE']}), SASL on (SCRAM-SHA-512 as "
            f"{kafka_secure['user']}, password from file {env['SLUICE_KAFKA_PASSWORD_FILE']})"
            in run.stdout), run.stdout
    assert (f"TLS on (CA {env['SLUICE_CASSANDRA_CA_FILE']}), password auth as "
            f"{cassandra_with_auth[0]} (password from file "
            f"{env['SLUICE_CASSANDRA_PASSWORD_FILE']})" in run.stdout), run.stdout
    assert_no_secret(run.stdout + run.stderr, secrets_of(env, kafka_secure, cassandra_with_auth))


def test_a_secured_pipeline_stores_what_the_embedded_mode_stores(
        tmp_path, secure_env, api_url, kafka_secure, cassandra_endpoint, cassandra_ca_file,
        cassandra_with_auth):
    expected_dir = tmp_path / "embedded"
    local = REPO / "config" / "local.yaml"
    embedded = {"SLUICE_DATA_DIR": str(expected_dir), "SLUICE_API_URL": api_url}
    sluice(local, embedded, "ingest", "--once")
    sluice(local, embedded, "process", "--until-idle")
    expected = sqlite_tables(expected_dir / "sluice.db")

    outputs = []
    for args in (("ingest", "--once"), ("process", "--until-idle")):
        run = run_sluice(secure_env, *args, timeout=300)
        outputs.append(run.stdout + run.stderr)
        assert run.returncode == 0, outputs[-1][-4000:]
    assert "processed 2000 records" in outputs[-1], outputs[-1][-2000:]
    assert_no_secret("".join(outputs), secrets_of(secure_env, kafka_secure, cassandra_with_auth))

    # Read back with python3-cassandra over TLS with the same login: a client not sluice's.
    host, port = cassandra_endpoint
    cluster = cassandra_tls_cluster(host, port, cassandra_ca_file)
    try:
        stored = cassandra_tables(cluster.connect(), secure_env["SLUICE_KEYSPACE"])
    finally:
        cluster.shutdown()
    assert len(stored[0]) + len(stored[1]) == 2000
    assert stored == expected

    # The records went through the SASL_SSL listener to the same broker: the plaintext one
    # (kcat, not sluice) sees the topic with them.
    listing = subprocess.run(["kcat", "-L", "-b", kafka_secure["plain_bootstrap"], "-t",
                              secure_env["SLUICE_TOPIC"]], capture_output=True, text=True,
                             timeout=60, check=True).stdout
    assert f'topic "{secure_env["SLUICE_TOPIC"]}" with 3 partitions' in listing, listing


def test_a_wrong_kafka_password_is_a_clear_error_without_the_password(
        tmp_path, secure_env, kafka_secure, cassandra_with_auth):
    wrong = tmp_path / "wrong.password"
    wrong.write_text(WRONG_PASSWORD + "\n")
    env = dict(secure_env, SLUICE_KAFKA_PASSWORD_FILE=str(wrong))
    run = run_sluice(env, "ingest", "--once")
    out = run.stdout + run.stderr
    assert run.returncode == 1, out[-4000:]
    # At once, with the broker's reason in the error itself, not only in librdkafka's log.
    error = [line for line in out.splitlines() if "opening the log:" in line]
    assert error, out[-4000:]
    assert ("the broker refused this client" in error[0] and "SASL authentication error" in
            error[0] and "invalid credentials" in error[0]), error[0]
    assert_no_secret(out, secrets_of(env, kafka_secure, cassandra_with_auth))


def test_a_missing_kafka_password_file_names_the_key_and_the_file(tmp_path, secure_env):
    env = dict(secure_env, SLUICE_KAFKA_PASSWORD_FILE=str(tmp_path / "nowhere"))
    run = run_sluice(env, "ingest", "--once")
    out = run.stdout + run.stderr
    assert run.returncode != 0, out[-4000:]
    assert (f"log.kafka.properties_from_files.sasl.password: cannot read {tmp_path / 'nowhere'}"
            in out), out[-4000:]


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory):
    """A CA of the test's own, which signed nothing the servers hold."""
    openssl = require_tool("openssl")
    folder = tmp_path_factory.mktemp("other-ca")
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                    "/CN=not the servers' CA", "-keyout", str(folder / "ca.key"),
                    "-out", str(folder / "ca.pem")], check=True, capture_output=True, timeout=60)
    return folder / "ca.pem"


def test_an_untrusted_kafka_ca_is_a_clear_error(secure_env, kafka_secure, cassandra_with_auth,
                                                  other_ca):
    env = dict(secure_env, SLUICE_KAFKA_CA_FILE=str(other_ca))
    run = run_sluice(env, "ingest", "--once")
    out = run.stdout + run.stderr
    assert run.returncode == 1, out[-4000:]
    assert ("opening the log: InvalidArgument: metadata of topic "
            f"'{env['SLUICE_TOPIC']}': the broker refused this client") in out, out[-4000:]
    assert "certificate verify failed" in out, out[-4000:]
    assert_no_secret(out, secrets_of(env, kafka_secure, cassandra_with_auth))


def test_a_wrong_cassandra_password_or_ca_is_a_clear_error_without_the_password(
        tmp_path, secure_env, kafka_secure, cassandra_with_auth, other_ca):
    """The sink opens as `sluice process` starts: the node refuses the login, or its
    certificate does not lead to the CA given."""
    wrong = tmp_path / "wrong.password"
    wrong.write_text(WRONG_PASSWORD + "\n")
    for change, expected in (
            ({"SLUICE_CASSANDRA_PASSWORD_FILE": str(wrong)},
             f"authentication failed: Bad_credentials (0x0100): Provided username "
             f"{cassandra_with_auth[0]} and/or password are incorrect"),
            ({"SLUICE_CASSANDRA_CA_FILE": str(other_ca)}, "failed: certificate verify failed")):
        env = dict(secure_env, **change)
        run = run_sluice(env, "process", "--until-idle")
        out = run.stdout + run.stderr
        assert run.returncode == 1, out[-4000:]
        assert expected in out, out[-4000:]
        assert_no_secret(out, secrets_of(env, kafka_secure, cassandra_with_auth))
