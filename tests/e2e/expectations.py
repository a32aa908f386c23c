"""The expected outcome of a pipeline run, computed from the mock API's own ledger of what it
broke (/debug/expectations), independently of sluice's rule engine: a record is valid when the
mock broke nothing in it and no earlier valid record holds its username (first valid wins)."""

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request

from harness import PROTECT_KEY


def fetch_page(api_url, seed, page, results, attempts=8):
    """The page's records as raw JSON strings. The mock may inject request faults; its 4th
    attempt at a page always succeeds."""
    url = f"{api_url}?results={results}&page={page}&seed={seed}"
    last = None
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                body = json.loads(r.read().decode("utf-8"))
            if "results" in body:
                return body["results"]
            last = body
        except (urllib.error.URLError, http.client.HTTPException, ValueError, OSError) as e:
            last = e
        time.sleep(0.05)
    raise RuntimeError(f"could not fetch {url}: {last}")


def stored_hash(value):
    """What `protect: hash` stores for `value` (HMAC-SHA256 under the tests' key, harness.py)."""
    return hmac.new(PROTECT_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def canonical(record):
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def expected_outcome(mock, api_url, seed, pages, results, without_rules=()):
    """Returns (valid, invalid): valid maps username -> record dict; invalid maps the canonical
    JSON of each invalid record -> sorted list of the rule ids it must fail. `without_rules`:
    rule ids removed from the config, whose breakage no longer counts."""
    claimed = set()
    valid, invalid = {}, {}
    for page in range(1, pages + 1):
        ledger = mock.expectations(seed, page, results)["records"]
        records = fetch_page(api_url, seed, page, results)
        assert len(ledger) == len(records) == results
        for entry, record in zip(ledger, records):
            failed = set(entry["broken"]) - set(without_rules)
            username = entry["username"]
            if isinstance(username, str) and username and username in claimed:
                failed.add("username_unique")
            if failed:
                invalid[canonical(record)] = sorted(failed)
            else:
                claimed.add(username)
                valid[username] = record
    return valid, invalid


def assert_tables_match(users, quarantine, valid, invalid):
    """users/quarantine as harness.tables() returns them."""
    assert set(users) == set(valid), (
        f"created_users differs: missing {sorted(set(valid) - set(users))[:10]}, "
        f"unexpected {sorted(set(users) - set(valid))[:10]}")
    for username, record in valid.items():
        row = users[username]
        assert row["email"] == stored_hash(record["email"]), username
        assert row["phone"] == stored_hash(record["phone"]), username
        assert row["first_name"] == record["name"]["first"], username
    got = {}
    for (partition, offset), (raw, rules) in quarantine.items():
        key = canonical(json.loads(raw))
        assert key not in got, f"record quarantined twice: {partition}/{offset}"
        got[key] = rules
    assert set(got) == set(invalid), (
        f"quarantine differs: {len(set(invalid) - set(got))} missing, "
        f"{len(set(got) - set(invalid))} unexpected")
    wrong = [(k[:120], got[k], invalid[k]) for k in invalid if got[k] != invalid[k]]
    assert not wrong, f"{len(wrong)} quarantined with other rules, e.g. {wrong[:3]}"
