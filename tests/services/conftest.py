"""Shared settings for the real-service smoke tests.

The servers are started by scripts/test-services (or by hand with scripts/services/<name>
start); these tests only talk to them, each through a client that has nothing to do with
sluice's own code.
"""
import os
import pathlib
import shutil
import ssl
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SERVICES = REPO / "scripts" / "services"
# Where sluice was built (the Makefile passes its BUILD_DIR); relative paths are from the repo.
BUILD_DIR = REPO / os.environ.get("SLUICE_BUILD_DIR", "build")
SERVICES_HOME = pathlib.Path(os.environ.get("SLUICE_SERVICES_HOME", "/var/lib/sluice-services"))
# config/local.yaml and config/cluster.yaml store email and phone as keyed hashes (docs/
# privacy.md); every sluice these tests start, embedded and cluster alike, inherits this key, so
# their tables compare. cluster.yaml makes no key of its own: without it no worker would start.
os.environ.setdefault("SLUICE_PROTECT_KEY", "sluice-tests-protect-key-not-a-secret")


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


def cassandra_credentials():
    """(user, password file) when Cassandra was started with `scripts/services/cassandra start
    --auth`, else None."""
    state = SERVICES_HOME / "cassandra"
    mode = state / "mode"
    if mode.exists() and mode.read_text().strip() == "yes":
        return os.environ.get("CASSANDRA_SUPERUSER", "sluice"), state / "superuser.password"
    return None


def cassandra_auth_provider():
    """python3-cassandra's credentials for the server as it runs now (None without --auth)."""
    credentials = cassandra_credentials()
    if credentials is None:
        return None
    from cassandra.auth import PlainTextAuthProvider
    user, password_file = credentials
    return PlainTextAuthProvider(user, password_file.read_text().strip())


# Tests that need Cassandra with PasswordAuthenticator run last, sharing one restart.
AUTH_FIXTURE = "cassandra_with_auth"


def pytest_collection_modifyitems(items):
    """Moves the tests that use the cassandra_with_auth fixture to the end (stable otherwise):
    its restart into --auth happens once, after every test that wants the server as
    scripts/test-services started it, and the server is put back at the end of the session."""
    items.sort(key=lambda item: AUTH_FIXTURE in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def cassandra_with_auth():
    """Cassandra in --auth mode (PasswordAuthenticator, the generated superuser's password in
    its file) for the rest of the session: restarted into it when it runs without (about a
    minute), and restarted without it once the session ends, unless scripts/test-services
    stops it then anyway (SLUICE_SERVICES_STOPPED_AFTER names it). Returns (user, password
    file)."""
    def cassandra(*args):
        subprocess.run([str(SERVICES / "cassandra"), *args], check=True, timeout=300)

    restart = cassandra_credentials() is None
    if restart:
        cassandra("stop")
        cassandra("start", "--auth")
    yield cassandra_credentials()
    if restart and "cassandra" not in os.environ.get("SLUICE_SERVICES_STOPPED_AFTER", "").split():
        cassandra("stop")
        cassandra("start")


def kafka_secure_settings():
    """secure.env of the last `scripts/services/kafka start` as a dict ({} before any)."""
    env_file = SERVICES_HOME / "kafka" / "secure.env"
    if not env_file.exists():
        return {}
    return dict(item.split("=", 1) for item in env_file.read_text().split())


def start_args(name):
    """The options to start the service `name` again as it runs now: Kafka keeps its SASL_SSL
    listener (a plain `start` would drop it)."""
    if name == "kafka" and kafka_secure_settings().get("SECURE") == "yes":
        return ["--secure"]
    return []


@pytest.fixture(scope="session")
def kafka_secure():
    """The SASL_SSL listener of `scripts/services/kafka start --secure` (what scripts/test-services
    starts): {"bootstrap", "user", "password_file", "ca_file", "plain_bootstrap"}. Fails (never
    skips) when the running Kafka has none."""
    state = SERVICES_HOME / "kafka"
    settings = kafka_secure_settings()
    if settings.get("SECURE") != "yes":
        pytest.fail(f"Kafka under {state} runs without its SASL_SSL listener: stop it and start "
                    "it with `scripts/services/kafka start --secure` (scripts/test-services does)")
    host, port = endpoint("KAFKA", 9092)
    user = settings["KAFKA_SASL_USER"]
    return {"bootstrap": f"{host}:{settings['KAFKA_SASL_PORT']}", "user": user,
            "password_file": state / "sasl" / f"{user}.password",
            "ca_file": state / "tls" / "ca.pem", "plain_bootstrap": f"{host}:{port}"}


@pytest.fixture(scope="session")
def cassandra_ca_file():
    """The CA that signed the running Cassandra's TLS certificate, which
    scripts/services/cassandra makes on its first start in a data directory. Fails (never
    skips) when there is none: that server was started by a script from before TLS."""
    path = SERVICES_HOME / "cassandra" / "tls" / "ca.pem"
    if not path.exists():
        pytest.fail(f"{path} is missing: this Cassandra was started without TLS by an older "
                    "scripts/services/cassandra; restart it (stop, then start) to get TLS")
    return path


def cassandra_tls_cluster(host, port, ca_file):
    """python3-cassandra's Cluster over TLS, verifying the server's certificate against
    `ca_file` and its host name (ssl's defaults), with the server's credentials if any."""
    from cassandra.cluster import Cluster
    context = ssl.create_default_context(cafile=str(ca_file))
    return Cluster([host], port=port, connect_timeout=10, ssl_context=context,
                   auth_provider=cassandra_auth_provider())


def integration_binary(target):
    """build/tests/<target>; fails (never skips) when it is not built."""
    path = BUILD_DIR / "tests" / target
    if not path.exists():
        pytest.fail(f"{path} is not built (make build, or cmake --build {BUILD_DIR} "
                    f"--target {target})")
    return path


def gtest_cases(binary):
    """Suite.Case names of a GoogleTest executable, to run each as a pytest of its own;
    ["<missing>"] when it is not built (the test then fails, see run_gtest_case)."""
    if not binary.exists():
        return ["<missing>"]
    listing = subprocess.run([str(binary), "--gtest_list_tests"], check=True,
                             capture_output=True, text=True, timeout=60).stdout
    cases, suite = [], None
    for line in listing.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            suite = line.split("#")[0].strip()  # a typed suite's line names its TypeParam
        else:
            cases.append(suite + line.split("#")[0].strip())
    return cases


def run_gtest_case(binary, case, target, env):
    """Runs one case of `binary` (built as cmake target `target`) and asserts it passed."""
    if case == "<missing>":
        pytest.fail(f"{binary} is not built: cmake --build {BUILD_DIR} --target {target}")
    run = subprocess.run([str(binary), f"--gtest_filter={case}"], capture_output=True,
                         text=True, timeout=300, env=env)
    # GoogleTest's own lines first (the librdkafka and sluice log lines come between them).
    report = "\n".join(line for line in run.stdout.splitlines() if not line.startswith("[20"))
    assert run.returncode == 0, report[-8000:] + "\n--- full output ---\n" + run.stdout[-4000:]
    assert "[  PASSED  ] 1 test." in run.stdout, report[-8000:]


@pytest.fixture(scope="session")
def cql_client_binary():
    """sluice's CQL client integration tests (tests/integration/cql_client_test.cpp)."""
    return integration_binary("integration_cql")


@pytest.fixture(scope="session")
def cassandra_sink_binary():
    """The Cassandra sink's integration tests (tests/integration/cassandra_sink_test.cpp)."""
    return integration_binary("integration_cassandra_sink")


def require_tool(tool):
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed (scripts/services/* install it)")
    return path
