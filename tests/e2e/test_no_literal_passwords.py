"""No default password anywhere in what sluice ships to run (config/, deploy/): every
password-like key (password, passwd, secret, token, api key, credentials, sasl.password, ...)
either names where the secret is (a *_file or *_env key, a path, an environment variable) or is
empty. A key that holds a literal value fails the test, naming the file and line; comments are
scanned too, since a commented example is what gets copied.

Allowed values: empty, null, an environment reference with no default or an empty one
(`${VAR}`, `${VAR:-}`, `$VAR`), an absolute path or `file:` reference under a *_file/*_path
key, and in Python a value that is not a string literal (os.environ[...], a call)."""
import os
import pathlib
import re

REPO = pathlib.Path(os.environ.get("SLUICE_SOURCE_DIR",
                                   pathlib.Path(__file__).resolve().parents[2]))
SCANNED = ("config", "deploy")
SUFFIXES = {".yaml", ".yml", ".json", ".py", ".ini", ".cfg", ".conf", ".env", ".properties",
            ".toml", ".sh", ".txt", ".md"}

# A key whose name says it holds a credential, then ':' or '=', then the value.
KEY = re.compile(r"""^\s*(?:[-#]\s*)*["']?(?P<key>[A-Za-z0-9_.\-]*"""
                 r"""(?:password|passwd|pwd|secret|token|api[_\-]?key|credential)"""
                 r"""[A-Za-z0-9_.\-]*)["']?\s*[:=]\s*(?P<value>.*?)\s*,?\s*$""", re.IGNORECASE)
# Keys that name where the secret is, not the secret.
REFERENCE_KEY = re.compile(r"(_file|_files|_env|_path|_location|_name|_names|_type)$", re.I)
ENV_ONLY = re.compile(r"""^["']?(\$\{[A-Za-z_][A-Za-z0-9_]*(:?-)?\}|\$[A-Za-z_][A-Za-z0-9_]*)["']?$""")
EMPTY = {"", "''", '""', "null", "~", "none", "None", "{}", "[]", "|", ">"}


def literal(path, key, value):
    """True when `value` of `key` (in `path`) is a literal secret."""
    value = value.split(" #", 1)[0].strip()
    if value in EMPTY or ENV_ONLY.match(value) or value.endswith(("{", "[")):
        return False
    if REFERENCE_KEY.search(key):
        return False
    if path.suffix == ".py":
        # Code: only a string literal is a written-down secret.
        return bool(re.match(r"""^[rbfu]?["'][^"']+["']$""", value))
    if path.suffix == ".json" and value in ("true", "false"):
        return False
    return True


def literal_passwords(root):
    """"file:line: key" for every password-like key with a literal value under `root`."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix not in SUFFIXES:
            continue
        try:
            lines = path.read_text().splitlines()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(lines, 1):
            m = KEY.match(line)
            if m and literal(path, m["key"], m["value"]):
                found.append(f"{path}:{number}: {m['key']} holds a literal value")
    return found


def test_config_and_deploy_hold_no_literal_password():
    found = []
    for name in SCANNED:
        assert (REPO / name).is_dir(), REPO / name
        found += literal_passwords(REPO / name)
    assert not found, "secrets must come from the environment or a file:\n" + "\n".join(found)


def test_the_scan_finds_a_literal_password_and_names_its_line(tmp_path):
    """The scan itself: each of these would be a default password, and each is reported with
    its file and line; the reference forms beside them are not."""
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "compose.yml").write_text(
        "services:\n"
        "  grafana:\n"
        "    environment:\n"
        "      GF_SECURITY_ADMIN_PASSWORD: admin\n"          # 4
        "      AIRFLOW_PASSWORD: ${AIRFLOW_PASSWORD:-airflow}\n"  # 5: a literal default
        "      SMTP_PASSWORD: ${SMTP_PASSWORD}\n"
        "      smtp_auth_password_file: /run/secrets/smtp\n"
        "  # sasl.password: hunter2\n"                      # 8: a commented example
        "  password_env: SLUICE_PW\n")
    (tmp_path / "deploy" / "dag.py").write_text(
        "import os\n"
        "token = os.environ['TOKEN']\n"
        "password = 'airflow'\n")                           # 3
    (tmp_path / "deploy" / "app.properties").write_text("ssl.key.password=changeit\n")
    found = literal_passwords(tmp_path / "deploy")
    assert [f.split(": ")[0].rsplit("/", 1)[1] for f in found] == [
        "app.properties:1", "compose.yml:4", "compose.yml:5", "compose.yml:8", "dag.py:3"], found
    assert "GF_SECURITY_ADMIN_PASSWORD holds a literal value" in found[1]
