"""The bad-input catalogue (docs/operations.md, "Bad input"): one NDJSON file holding every kind
of bad record sluice is shown in the catalogue, through the shipped pipeline's mapping and rules
(config/local.yaml with a file source): `sluice ingest --once`, then `sluice process
--until-idle`. Nothing may crash; each line ends up where the catalogue says (stored,
quarantined with its reasons, or rejected at ingest naming the file and line), and the good
records around the bad ones are stored."""

import hashlib
import hmac
import json
import re
from pathlib import Path

import harness


def profile(username, **changes):
    record = {"gender": "female", "name": {"first": "Ada", "last": "Lovelace"},
              "location": {"street": {"number": 1, "name": "Row"}, "city": "Leeds",
                           "state": "Yorks", "country": "UK", "postcode": "LS1"},
              "email": f"{username}@example.com", "login": {"username": username},
              "dob": {"date": "1990-01-02T03:04:05.678Z"},
              "registered": {"date": "2015-03-04T10:11:12.345Z"}, "phone": "0113 496 0000",
              "picture": {"medium": "https://example.com/m.jpg"}}
    record.update(changes)
    return record


def line(record):
    return json.dumps(record).encode()


# (line number: what it is), in file order; line numbers are 1-based as the errors name them.
LINES = [
    ("good record", line(profile("valid_one"))),
    ("malformed JSON (cut in a string)", b'{"name": {"first": "Trunc'),
    ("invalid UTF-8 in a value",
     line(profile("bad_utf8")).replace(b"bad_utf8@", b"bad\xff\xfeutf8@")),
    ("a 10 MB record", line(profile("ten_mb", notes="x" * (10 * 1024 * 1024)))),
    ("nesting 100,000 deep",
     line(profile("deep_nest"))[:-1] + b', "deep": ' + b"[" * 100000 + b"]" * 100000 + b"}"),
    ("wrong types", line(profile("wrong_types", email=12345, gender=True))),
    ("nulls", line(profile("", login={"username": None}, email=None))),
    ("a 1,000,000-element array", line(profile("huge_array", tags=list(range(1000000))))),
    ("a duplicate key (email twice)",
     b'{"email": "first@example.com", ' + line(profile("dup_keys"))[1:]),
    ("a byte-order mark", b"\xef\xbb\xbf" + line(profile("with_bom"))),
    ("not an object", b"[1, 2, 3]"),
    ("good record", line(profile("valid_two"))),
]

# Rejected at ingest: line -> the start of the reason sluice gives (simdjson's words).
REJECTED = {
    2: "A string is opened, but never closed",
    3: "The input is not valid UTF-8",
    5: "The JSON document was too deep",
    10: "The JSON document has an improper structure",
    11: "expected a JSON object",
}
STORED = {"valid_one", "valid_two", "ten_mb", "huge_array", "dup_keys"}


def stored_hash(value):
    return hmac.new(harness.PROTECT_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def test_every_bad_record_ends_where_the_catalogue_says(tmp_path):
    source = tmp_path / "bad.ndjson"
    source.write_bytes(b"\n".join(content for _, content in LINES) + b"\n")
    config, env = harness.pipeline_config(tmp_path, "http://127.0.0.1:9/api/")
    text = Path(config).read_text()
    start, end = text.index("source:\n"), text.index("\nschema:")
    Path(config).write_text(text[:start] + f"source:\n  kind: file\n  file:\n    path: {source}\n"
                            + text[end:])

    ingest = harness.run(["ingest", "--config", config, "--once"], env)
    said = ingest.stdout + ingest.stderr
    assert f"{len(LINES) - len(REJECTED)} published, {len(REJECTED)} rejected early" in said, said
    for number, reason in REJECTED.items():
        assert re.search(rf"rejected {re.escape(str(source))}:{number}: {re.escape(reason)}",
                         said), f"line {number} ({LINES[number - 1][0]}): {said[-3000:]}"

    process = harness.run(["process", "--config", config, "--until-idle"], env)
    assert f"processed {len(LINES) - len(REJECTED)} records" in process.stdout, process.stdout

    users, quarantine = harness.tables(tmp_path / "data" / "sluice.db")
    assert set(users) == STORED
    # The last of a repeated name wins, as in every JSON reader that keeps one.
    assert users["dup_keys"]["email"] == stored_hash("dup_keys@example.com")
    assert users["ten_mb"]["first_name"] == "Ada"
    reasons = sorted(tuple(rules) for _, rules in quarantine.values())
    assert reasons == [("data_types",), ("required",)], quarantine
    raw_by_rules = {tuple(rules): json.loads(raw) for raw, rules in quarantine.values()}
    assert raw_by_rules[("data_types",)]["email"] == 12345
    assert raw_by_rules[("required",)]["email"] is None
