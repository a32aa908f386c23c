// `protect:` on fields and the top-level `protect:` section: what loads, and every error
// naming its line and key.
#include <gtest/gtest.h>

#include <string>

#include "config_test_util.h"
#include "core/config.h"

namespace sluice {
namespace {

using testing::expect_one_error;

// kMinimalConfig with line 10 (the email field) replaced, and `tail` appended.
std::string with_email(const std::string& field, const std::string& tail = "") {
  std::string yaml = testing::kMinimalConfig;
  const std::string old = "    - {name: email, from: email}\n";
  yaml.replace(yaml.find(old), old.size(), field + "\n");
  return yaml + tail;
}

const std::string kKeyEnv = "protect:\n  key_env: PROTECT_KEY\n";  // lines 14-15

TEST(ConfigProtect, ShortFormsAndMapForm) {
  PipelineConfig c = load_config_from_string(
      with_email("    - {name: email, from: email, protect: hash}", kKeyEnv), "t.yaml");
  EXPECT_EQ(c.fields[1].protect.kind, ProtectKind::kHash);
  EXPECT_EQ(c.protect.key_env, "PROTECT_KEY");
  EXPECT_TRUE(c.hashes_fields());

  c = load_config_from_string(with_email("    - {name: email, from: email, protect: mask}"),
                              "t.yaml");
  EXPECT_EQ(c.fields[1].protect.kind, ProtectKind::kMask);
  EXPECT_FALSE(c.hashes_fields());

  c = load_config_from_string(
      with_email("    - {name: email, from: email, protect: {kind: mask, keep_first: 1, "
                 "keep_last: 4}}"),
      "t.yaml");
  EXPECT_EQ(c.fields[1].protect.kind, ProtectKind::kMask);
  EXPECT_EQ(c.fields[1].protect.keep_first, 1);
  EXPECT_EQ(c.fields[1].protect.keep_last, 4);
  EXPECT_EQ(c.fields[0].protect.kind, ProtectKind::kNone);
}

TEST(ConfigProtect, UnknownKindNamesTheChoices) {
  expect_one_error(with_email("    - {name: email, from: email, protect: encrypt}"), 10,
                   "schema.fields[1].protect", "\"encrypt\" is not one of: mask, hash");
}

TEST(ConfigProtect, KeepCountsAreForMasksAndBounded) {
  expect_one_error(
      with_email("    - {name: email, from: email, protect: {kind: hash, keep_last: 4}}", kKeyEnv),
      10, "schema.fields[1].protect", "a hash keeps nothing");
  expect_one_error(
      with_email("    - {name: email, from: email, protect: {kind: mask, keep_last: 99}}"), 10,
      "schema.fields[1].protect.keep_last", "");
  expect_one_error(with_email("    - {name: email, from: email, protect: {keep_last: 2}}"), 10,
                   "schema.fields[1].protect.kind", "");
}

TEST(ConfigProtect, TheKeyFieldCannotBeProtected) {
  std::string yaml = testing::kMinimalConfig;
  const std::string old = "    - {name: username, from: login.username}\n";
  yaml.replace(yaml.find(old), old.size(),
               "    - {name: username, from: login.username, protect: mask}\n");
  expect_one_error(yaml, 9, "schema.fields[0].protect", "is the key field");
}

TEST(ConfigProtect, OnlyTextFieldsCanBeProtected) {
  std::string yaml = testing::kMinimalConfig;
  const std::string old = "    - {name: age, type: int, from: dob.age}\n";
  yaml.replace(yaml.find(old), old.size(),
               "    - {name: age, type: int, from: dob.age, protect: mask}\n");
  expect_one_error(yaml, 11, "schema.fields[2].protect", "only text fields");
}

TEST(ConfigProtect, AHashNeedsAKeySource) {
  expect_one_error(with_email("    - {name: email, from: email, protect: hash}"), 10,
                   "schema.fields[1].protect", "needs a key");
  // create_key alone is a source: the key file defaults to <data_dir>/protect.key.
  PipelineConfig c =
      load_config_from_string(with_email("    - {name: email, from: email, protect: hash}",
                                         "protect:\n  create_key: true\n"),
                              "t.yaml");
  EXPECT_TRUE(c.protect.create_key);
  EXPECT_TRUE(c.protect.key_file.empty());
}

TEST(ConfigProtect, UnknownSectionKeyIsAnError) {
  expect_one_error(with_email("    - {name: email, from: email}", "protect:\n  key: abc\n"), 15,
                   "protect.key", "");
}

}  // namespace
}  // namespace sluice
