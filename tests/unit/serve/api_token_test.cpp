// The API token (serve/api_token.h): made once with mode 0600 and reused, refused when others
// may read its file or when it is too short, SLUICE_API_TOKEN winning over the file; and the
// comparison that does not stop at the first difference.
#include "serve/api_token.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../test_dir.h"

namespace sluice {
namespace {

class ApiTokenTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::fresh_test_dir("api_token"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static void write(const std::string& file, const std::string& text, mode_t mode) {
    std::ofstream(file) << text;
    ASSERT_EQ(chmod(file.c_str(), mode), 0);
  }
  std::filesystem::path dir_;
};

TEST_F(ApiTokenTest, FirstStartMakesAPrivateFileOfRandomHex) {
  const std::string file = path("data/api_token");  // the folder is made too
  auto token = read_or_create_api_token(file);
  ASSERT_TRUE(token.ok()) << token.status().to_string();
  EXPECT_EQ(token->size(), 64u);  // 256 bits
  EXPECT_EQ(token->find_first_not_of("0123456789abcdef"), std::string::npos) << *token;
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // No temporary file is left beside it.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_ / "data"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(ApiTokenTest, LaterStartsReuseTheFilesToken) {
  const std::string file = path("api_token");
  auto first = read_or_create_api_token(file);
  auto second = read_or_create_api_token(file);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  // Another data directory gets another token.
  auto other = read_or_create_api_token(path("other_token"));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*first, *other);
}

TEST_F(ApiTokenTest, AFileOthersMayReadIsRefused) {
  const std::string file = path("api_token");
  for (mode_t loose : {0644, 0640, 0604, 0660, 0602}) {
    write(file, "0123456789abcdef0123456789abcdef\n", loose);
    auto token = read_or_create_api_token(file);
    ASSERT_FALSE(token.ok()) << std::oct << loose;
    EXPECT_NE(token.status().message().find("chmod 600 " + file), std::string::npos)
        << token.status().message();
    // The message never shows the token.
    EXPECT_EQ(token.status().message().find("0123456789abcdef"), std::string::npos);
  }
  write(file, "0123456789abcdef0123456789abcdef\n", 0600);
  auto token = read_or_create_api_token(file);
  ASSERT_TRUE(token.ok()) << token.status().to_string();
  EXPECT_EQ(*token, "0123456789abcdef0123456789abcdef");
  write(file, "0123456789abcdef0123456789abcdef\n", 0400);  // read-only for the owner is fine
  EXPECT_TRUE(read_or_create_api_token(file).ok());
}

TEST_F(ApiTokenTest, AShortOrEmptyTokenIsRefused) {
  const std::string file = path("api_token");
  write(file, "short\n", 0600);
  auto token = read_or_create_api_token(file);
  ASSERT_FALSE(token.ok());
  EXPECT_NE(token.status().message().find("has 5 characters; at least 16"), std::string::npos)
      << token.status().message();
  write(file, "", 0600);
  EXPECT_FALSE(read_or_create_api_token(file).ok());
  EXPECT_FALSE(resolve_api_token("tooshort", path("unused")).ok());
}

TEST_F(ApiTokenTest, TheEnvironmentWinsOverTheFile) {
  const std::string file = path("api_token");
  write(file, "from-the-file-0123456789\n", 0600);
  auto token = resolve_api_token("from-the-environment-0123", file);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(*token, "from-the-environment-0123");
  // Unset, the file's; and with neither, no file is made while the environment has one.
  EXPECT_EQ(*resolve_api_token("", file), "from-the-file-0123456789");
  ASSERT_TRUE(resolve_api_token("from-the-environment-0123", path("none")).ok());
  EXPECT_FALSE(std::filesystem::exists(path("none")));
}

TEST(ApiTokensEqual, EqualOnlyForTheSameBytes) {
  const std::string token = "0123456789abcdef0123456789abcdef";
  EXPECT_TRUE(api_tokens_equal(token, token));
  EXPECT_FALSE(api_tokens_equal(token, ""));
  EXPECT_FALSE(api_tokens_equal(token, token.substr(0, 31)));  // a prefix
  EXPECT_FALSE(api_tokens_equal(token, token + "0"));          // longer
  std::string last = token;
  last.back() = 'e';
  EXPECT_FALSE(api_tokens_equal(token, last));
  std::string first = token;
  first.front() = '1';
  EXPECT_FALSE(api_tokens_equal(token, first));
  EXPECT_TRUE(api_tokens_equal("", ""));
}

}  // namespace
}  // namespace sluice
