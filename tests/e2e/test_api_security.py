"""The HTTP surface's guards on a real `sluice run` (docs/operations.md, "Security"): it listens
on 127.0.0.1 only; /api/ needs the bearer token of the file it made (mode 0600, reused on the next
start, refused once others may read it) and answers 401, 429 and 413 as the API's JSON errors;
the open endpoints stay open. Then secrets: the API token, a Kafka SASL password and a Cassandra
password given through the environment and files must appear in no output of `sluice run`,
`sluice check` or `sluice process` (stdout, stderr, text and JSON logs at debug level,
/api/v1/status, /metrics, the errors of a config that cannot connect), but for the one dashboard
line `sluice run` prints."""

import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

import harness


def request(url, token=None, data=None, method="GET"):
    """(status, headers, body text), for 2xx and error answers alike."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def listening_addresses(port):
    """The local addresses of the listening TCP sockets on `port`, from /proc/net/tcp{,6}."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    if len(address) == 8:  # IPv4, little-endian
                        found.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
                    else:
                        found.append(address)
    return found


def refused(host, port):
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.settimeout(2)
        return s.connect_ex((host, port)) != 0


class Run:
    """`sluice run` on config/local.yaml with `serve` lines added; stops it with SIGINT."""

    def __init__(self, tmp, api_url, env_extra=None, serve_extra="", args=()):
        self.config, self.env = harness.pipeline_config(tmp, api_url, results_per_page=20,
                                                        pages_per_run=1, interval_ms=500)
        del self.env["SLUICE_API_TOKEN"]  # the token file, unless the test gives one
        self.env.update(env_extra or {})
        if serve_extra:
            text = self.config.read_text()
            text = re.sub(r"(?m)^(\s*)listen: (.*)$", rf"\g<1>listen: \g<2>\n{serve_extra}", text,
                          count=1)
            self.config.write_text(text)
        self.base = "http://" + self.env["SLUICE_LISTEN"]
        self.port = int(self.env["SLUICE_LISTEN"].rsplit(":", 1)[1])
        self.out = Path(tmp) / f"run-{self.port}.out"
        self.err = Path(tmp) / f"run-{self.port}.err"
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.proc = subprocess.Popen([harness.SLUICE, *args, "run", "--config",
                                          str(self.config)], env=self.env, stdout=out,
                                         stderr=err)

    def wait_ready(self):
        harness.wait_http(self.base + "/readyz")
        return self

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        assert self.proc.wait(timeout=60) == 0, self.err.read_text()[-3000:]
        return self.out.read_text(), self.err.read_text()

    def printed_token(self):
        match = re.search(r"dashboard  http://127\.0\.0\.1:\d+/\?token=([0-9a-f]+)\n",
                          self.out.read_text())
        return match and match.group(1)


def test_token_file_loopback_bind_and_the_guards(tmp_path):
    with harness.MockApi(tmp_path, "--seed", 3) as api:
        run = Run(tmp_path, api.url, serve_extra="  rate_limit_per_s: 0.5\n"
                                                 "  rate_limit_burst: 8").wait_ready()
        try:
            token_file = tmp_path / "data" / "api_token"
            mode = stat.S_IMODE(token_file.stat().st_mode)
            assert mode == 0o600, oct(mode)
            token = token_file.read_text().strip()
            assert re.fullmatch(r"[0-9a-f]{64}", token), token
            assert run.printed_token() == token

            # Bound to 127.0.0.1 only: not on 0.0.0.0, so another local address is refused.
            assert listening_addresses(run.port) == ["127.0.0.1"]
            assert refused("127.0.0.2", run.port)

            # Open: health, readiness, metrics, the dashboard's files (not counted by the limit).
            for path in ("/healthz", "/readyz", "/metrics", "/", "/ui/main.js"):
                assert request(run.base + path)[0] == 200, path

            # The API: 401 without or with a wrong token (1, 2), 200 with it (3), 413 (4).
            for wrong in (None, "0" * 64):
                status, headers, body = request(run.base + "/api/v1/status", wrong)
                assert status == 401, body
                assert headers["WWW-Authenticate"].startswith("Bearer"), headers
                assert headers["Content-Type"] == "application/problem+json"
                assert json.loads(body)["status"] == 401
                assert token not in body
            status, headers, body = request(run.base + "/api/v1/status", token)
            assert status == 200 and json.loads(body)["pipeline"], body
            assert not [h for h in headers if h.lower().startswith("access-control-")], headers
            status, _, body = request(run.base + "/api/v1/workflows", token,
                                      data=b"x" * (64 * 1024 + 1), method="POST")
            assert status == 413 and json.loads(body)["status"] == 413, body

            # Burst of 8: the next requests are refused with Retry-After.
            answers = [request(run.base + "/api/v1/status", token) for _ in range(8)]
            limited = [a for a in answers if a[0] == 429]
            assert limited, [a[0] for a in answers]
            assert int(limited[0][1]["Retry-After"]) >= 1
            assert json.loads(limited[0][2])["status"] == 429
        finally:
            run.stop()

        # The next start reuses the file's token.
        again = Run(tmp_path, api.url).wait_ready()
        assert request(again.base + "/api/v1/status", token)[0] == 200
        again.stop()
        assert again.printed_token() == token

        # A token file others may read is refused, with what to do.
        token_file.chmod(0o644)
        loose = Run(tmp_path, api.url)
        assert loose.proc.wait(timeout=30) == 1
        message = loose.err.read_text()
        assert f"chmod 600 {token_file}" in message, message
        assert token not in message + loose.out.read_text()


KAFKA_PASSWORD = "kafka-sasl-" + os.urandom(8).hex()
CASSANDRA_PASSWORD = "cassandra-pw-" + os.urandom(8).hex()


def cluster_config(tmp):
    """config/cluster.yaml as shipped, with SASL over plaintext to Kafka whose password is in a
    file (its switches in the environment), and Cassandra credentials whose password is in a
    file; both servers at a closed port, so that connecting fails and the errors are seen too."""
    closed = harness.free_port()
    password_file = Path(tmp) / "cassandra-password"
    password_file.write_text(CASSANDRA_PASSWORD + "\n")
    password_file.chmod(0o600)
    kafka_password_file = Path(tmp) / "kafka-password"
    kafka_password_file.write_text(KAFKA_PASSWORD + "\n")
    kafka_password_file.chmod(0o600)
    path = Path(tmp) / "cluster.yaml"
    shutil.copy(harness.SOURCE_DIR / "config" / "cluster.yaml", path)
    shutil.copytree(harness.SOURCE_DIR / "config" / "workflows", Path(tmp) / "workflows")
    env = dict(os.environ, SLUICE_KAFKA_BROKERS=f"127.0.0.1:{closed}",
               SLUICE_KAFKA_SECURITY="sasl_plaintext", SLUICE_KAFKA_SASL_MECHANISM="PLAIN",
               SLUICE_KAFKA_USER="sluice", SLUICE_KAFKA_PASSWORD_FILE=str(kafka_password_file),
               SLUICE_CASSANDRA_HOSTS=f"127.0.0.1:{closed}", SLUICE_CASSANDRA_USER="sluice",
               SLUICE_CASSANDRA_PASSWORD_FILE=str(password_file),
               SLUICE_API_TOKEN=harness.API_TOKEN, SLUICE_DATA_DIR=str(Path(tmp) / "cluster-data"))
    return path, env


def embedded_cassandra_config(tmp, password_file):
    """The embedded log and a Cassandra sink with credentials at a closed port: the sink reads
    the password file at open and fails to connect at once, without any server running."""
    path = Path(tmp) / "embedded-cassandra.yaml"
    closed = harness.free_port()
    path.write_text(f"pipeline: secrets\ndata_dir: {tmp}/embedded-data\n"
                    f"source: {{http: {{url: 'http://127.0.0.1:{closed}/api/'}}}}\n"
                    "schema: {key: k, fields: [{name: k, from: k}]}\n"
                    f"sink: {{kind: cassandra, hosts: '127.0.0.1:{closed}', keyspace: secrets,\n"
                    f"       username: sluice, password_file: '{password_file}'}}\n")
    return path


def test_no_output_shows_a_secret(tmp_path):
    secrets = [harness.API_TOKEN, KAFKA_PASSWORD, CASSANDRA_PASSWORD, harness.PROTECT_KEY]
    outputs = {}
    with harness.MockApi(tmp_path, "--seed", 4) as api:
        for log_format in ("text", "json"):
            (tmp_path / log_format).mkdir()
            run = Run(tmp_path / log_format, api.url,
                      env_extra={"SLUICE_API_TOKEN": harness.API_TOKEN},
                      args=("--log-level", "debug", "--log-format", log_format)).wait_ready()
            try:
                for path in ("/api/v1/status", "/api/v1/quarantine", "/api/v1/workflows",
                             "/api/v1/nothing"):
                    outputs[f"{log_format} {path}"] = request(run.base + path,
                                                              harness.API_TOKEN)[2]
                outputs[f"{log_format} 401"] = request(run.base + "/api/v1/status", "x" * 20)[2]
                outputs[f"{log_format} /metrics"] = request(run.base + "/metrics")[2]
            finally:
                stdout, stderr = run.stop()
            # The dashboard line is the one place the token shows.
            lines = stdout.splitlines()
            dashboard = [i for i, line in enumerate(lines) if harness.API_TOKEN in line]
            assert len(dashboard) == 1 and "dashboard  http://" in lines[dashboard[0]], stdout
            del lines[dashboard[0]]
            outputs[f"{log_format} stdout"] = "\n".join(lines)
            outputs[f"{log_format} stderr"] = stderr
            assert stderr.strip(), "no log at debug level?"

    config, env = cluster_config(tmp_path)
    check = subprocess.run([harness.SLUICE, "check", "--config", config], env=env,
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    outputs["check"] = check.stdout + check.stderr
    embedded = embedded_cassandra_config(tmp_path, env["SLUICE_CASSANDRA_PASSWORD_FILE"])
    # Both servers are at a closed port: each command fails or retries; what it said counts.
    for args in (["--log-level", "debug", "check", "--config", embedded],
                 ["--log-level", "debug", "process", "--config", embedded, "--listen",
                  f"127.0.0.1:{harness.free_port()}"],
                 ["--log-format", "json", "--log-level", "debug", "run", "--config", embedded],
                 ["--log-level", "debug", "process", "--config", config, "--until-idle",
                  "--listen", f"127.0.0.1:{harness.free_port()}"],
                 ["--log-format", "json", "--log-level", "debug", "ingest", "--config", config,
                  "--once"]):
        try:
            done = subprocess.run([harness.SLUICE, *map(str, args)], env=env, capture_output=True,
                                  timeout=4)
            said = done.stdout + done.stderr
        except subprocess.TimeoutExpired as e:
            said = (e.stdout or b"") + (e.stderr or b"")
        outputs[" ".join(map(str, args))] = said.decode(errors="replace")
        assert said.strip(), args
    # The Cassandra sink got as far as connecting (after reading its password file) twice.
    assert sum("no Cassandra node reachable" in text for text in outputs.values()) >= 2, outputs
    for name, text in outputs.items():
        for secret in secrets:
            assert secret not in text, f"{name} shows a secret:\n{text[-3000:]}"
