// Secrets from files and the environment: a created secret file is 0600 and reused, a file
// others can read is refused, and no error holds the secret.
#include "core/secret_source.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "../test_dir.h"

namespace sluice {
namespace {

class SecretSource : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::fresh_test_dir("secret_source"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  static void write(const std::string& p, const std::string& text, mode_t mode) {
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
  }
  std::filesystem::path dir_;
};

TEST_F(SecretSource, CreatesAnOwnerOnlyFileOnceAndReusesIt) {
  const std::string p = path("key");
  Result<std::string> first = read_or_create_secret_file("protect.key_file", p, 32);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->size(), 64u);  // 32 bytes, hex
  EXPECT_EQ(first->find_first_not_of("0123456789abcdef"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Result<std::string> again = read_or_create_secret_file("protect.key_file", p, 32);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);
  Result<std::string> other = read_or_create_secret_file("k", path("other"), 32);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, *first);
}

TEST_F(SecretSource, RefusesAFileOthersCanRead) {
  const std::string p = path("loose");
  write(p, "0123456789abcdef0123\n", 0644);
  Result<std::string> r = read_or_create_secret_file("protect.key_file", p, 32);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("mode 0644"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("protect.key_file"), std::string::npos);
  EXPECT_EQ(r.status().message().find("0123456789abcdef0123"), std::string::npos);
}

TEST_F(SecretSource, FirstLineOfAFileAndClearErrors) {
  const std::string p = path("password");
  write(p, "s3cret\r\nsecond line\n", 0600);
  Result<std::string> r = read_secret_file("sink.password_file", p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "s3cret");

  write(p, "\nhidden\n", 0600);
  r = read_secret_file("sink.password_file", p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "sink.password_file: " + p + " holds nothing on its first line");

  r = read_secret_file("sink.password_file", path("missing"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cannot read"), std::string::npos);
}

TEST_F(SecretSource, EnvironmentVariable) {
  std::map<std::string, std::string> vars = {{"SET", "value"}, {"EMPTY", ""}};
  EnvLookup env = [&](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  EXPECT_EQ(*read_secret_env("k", "SET", env), "value");
  for (const char* name : {"EMPTY", "UNSET"}) {
    Result<std::string> r = read_secret_env("sink.password_env", name, env);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), std::string("sink.password_env: the environment variable ") +
                                        name + " is not set or empty");
  }
}

}  // namespace
}  // namespace sluice
