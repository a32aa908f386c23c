// FieldProtector: masks by characters, keyed hashes that match HMAC-SHA256's published test
// vector, where the key comes from, and a record's fields after protection.
#include "transform/field_protector.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "../test_dir.h"
#include "core/config.h"

namespace sluice {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

PipelineConfig config_with(ProtectKind email, ProtectKind phone) {
  PipelineConfig c;
  c.key = "username";
  for (const char* name : {"username", "email", "phone", "age"}) {
    FieldConfig field;
    field.name = name;
    c.fields.push_back(field);
  }
  c.fields[3].type = FieldType::kInt;
  c.fields[1].protect.kind = email;
  c.fields[2].protect.kind = phone;
  c.fields[2].protect.keep_last = 4;
  c.protect.key_env = "PROTECT_KEY";
  return c;
}

TEST(FieldProtectorMask, KeepsCharactersNotBytes) {
  EXPECT_EQ(FieldProtector::mask("(272) 790-0888", 0, 4), "**********0888");
  EXPECT_EQ(FieldProtector::mask("jennie@example.com", 1, 0), "j*****************");
  EXPECT_EQ(FieldProtector::mask("Zoë Ådne", 1, 1), "Z******e");
  EXPECT_EQ(FieldProtector::mask("Ådne", 0, 0), "****");
  EXPECT_EQ(FieldProtector::mask("", 2, 2), "");
}

TEST(FieldProtectorMask, ShortValuesAreMaskedWhole) {
  // Keeping 2 + 4 characters of a 5-character value would show all of it.
  EXPECT_EQ(FieldProtector::mask("abcde", 2, 4), "*****");
  EXPECT_EQ(FieldProtector::mask("abcdefg", 2, 4), "ab*defg");
}

TEST(FieldProtectorHash, MatchesTheHmacSha256TestVector) {
  // RFC 4231, test case 1: key 20 x 0x0b, data "Hi There".
  PipelineConfig c = config_with(ProtectKind::kHash, ProtectKind::kNone);
  Result<FieldProtector> p =
      FieldProtector::create(c, env_of({{"PROTECT_KEY", std::string(20, '\x0b')}}));
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->hash("Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(FieldProtector, ProtectsTextAndLeavesNullsAndOtherFields) {
  PipelineConfig c = config_with(ProtectKind::kHash, ProtectKind::kMask);
  Result<FieldProtector> p =
      FieldProtector::create(c, env_of({{"PROTECT_KEY", "0123456789abcdef"}}));
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_TRUE(p->active());
  const Schema schema = c.schema();
  Record r(&schema);
  r.set_text(0, "ada");
  r.set_text(1, "ada@example.com");
  r.set_text(2, "(272) 790-0888");
  r.set_int(3, 36);
  p->apply(&r);
  EXPECT_EQ(r.text(0), "ada");
  // python3 -c "import hmac,hashlib; print(hmac.new(b'0123456789abcdef', b'ada@example.com',
  //   hashlib.sha256).hexdigest())"
  EXPECT_EQ(r.text(1), "512383176ce1b4c279ee430548cf07ec0b58efa588517b611c1f0da6d2b9e577");
  EXPECT_EQ(r.text(2), "**********0888");
  EXPECT_EQ(r.int_value(3), 36);

  r.clear();
  r.set_text(0, "bob");
  r.set_null(1);
  p->apply(&r);
  EXPECT_TRUE(r.is_null(1));
}

TEST(FieldProtector, NothingProtectedNeedsNoKey) {
  PipelineConfig c = config_with(ProtectKind::kNone, ProtectKind::kMask);
  Result<FieldProtector> p = FieldProtector::create(c, env_of({}));
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(p->active());
  c = config_with(ProtectKind::kNone, ProtectKind::kNone);
  EXPECT_FALSE(FieldProtector::create(c, env_of({}))->active());
}

class ProtectKey : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::fresh_test_dir("protect_key"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ProtectKey, EnvironmentWinsOverTheFile) {
  PipelineConfig c = config_with(ProtectKind::kHash, ProtectKind::kNone);
  c.protect.key_file = (dir_ / "absent.key").string();
  Result<std::string> key = load_protect_key(c, env_of({{"PROTECT_KEY", "from-the-environment"}}));
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(*key, "from-the-environment");
}

TEST_F(ProtectKey, CreatesTheKeyFileInTheDataDirOnce) {
  PipelineConfig c = config_with(ProtectKind::kHash, ProtectKind::kNone);
  c.protect.create_key = true;
  c.data_dir = (dir_ / "data").string();
  Result<std::string> first = load_protect_key(c, env_of({}));
  ASSERT_TRUE(first.ok()) << first.status().message();
  const auto file = dir_ / "data" / "protect.key";
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  Result<std::string> again = load_protect_key(c, env_of({}));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);
}

TEST_F(ProtectKey, ClearErrorsThatNeverHoldTheKey) {
  PipelineConfig c = config_with(ProtectKind::kHash, ProtectKind::kNone);
  Result<std::string> key = load_protect_key(c, env_of({}));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message(),
            "protect.key_env: the environment variable PROTECT_KEY is not set or empty");

  key = load_protect_key(c, env_of({{"PROTECT_KEY", "short-key"}}));
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("9 bytes; use at least 16"), std::string::npos);
  EXPECT_EQ(key.status().message().find("short-key"), std::string::npos);

  const auto loose = dir_ / "loose.key";
  std::ofstream(loose) << "0123456789abcdef0123456789abcdef\n";
  ::chmod(loose.c_str(), 0640);
  c.protect.key_env.clear();
  c.protect.key_file = loose.string();
  key = load_protect_key(c, env_of({}));
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("mode 0640"), std::string::npos);
  EXPECT_EQ(key.status().message().find("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace sluice
