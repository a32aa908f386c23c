"""`sluice replay` re-processes the log into the sink: from offset 0 with the same rules it
changes nothing; after a rule change it moves records between created_users and quarantine so
that the tables are exactly what the new rules say, with nothing doubled."""

from pathlib import Path

import expectations
import harness

SEED = "e2e-replay"
PAGES = 4
RESULTS = 250


def test_replay_same_rules_is_a_no_op_and_changed_rules_reconcile(tmp_path):
    with harness.MockApi(tmp_path, "--invalid-rate", 0.3) as api:
        config, env = harness.pipeline_config(tmp_path, api.url, seed=SEED,
                                              results_per_page=RESULTS, pages_per_run=PAGES)
        harness.run(["run", "--config", config, "--once"], env)
        db = Path(tmp_path) / "data" / "sluice.db"
        before = harness.tables(db)

        out = harness.run(["replay", "--config", config, "--from-offset", 0], env)
        assert f"processed {PAGES * RESULTS} records" in out.stdout
        assert harness.tables(db) == before

        # Drop the gender rule: records that failed only gender_values become valid.
        text = Path(config).read_text()
        start = text.index("  - id: gender_values")
        end = text.index("  - id: username_length")
        Path(config).write_text(text[:start] + text[end:])
        harness.run(["replay", "--config", config, "--from-time", "0"], env)
        old_valid, _ = expectations.expected_outcome(api, api.url, SEED, PAGES, RESULTS)
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, PAGES, RESULTS,
                                                       without_rules=["gender_values"])

    assert len(valid) > len(old_valid), "the mock should have broken some genders alone"
    users, quarantine = harness.tables(db)
    expectations.assert_tables_match(users, quarantine, valid, invalid)
