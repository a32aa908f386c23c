#include "core/config_interpolate.h"

#include <gtest/gtest.h>

#include <map>

namespace sluice {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string expand(std::string_view text, const EnvLookup& env) {
  Result<std::string> r = interpolate(text, env);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : "<error>";
}

TEST(Interpolate, PlainTextIsUnchanged) {
  auto env = fake_env({});
  EXPECT_EQ(expand("http://x/api/?a=1", env), "http://x/api/?a=1");
  EXPECT_EQ(expand("cost $5 and $", env), "cost $5 and $");
  EXPECT_EQ(expand("", env), "");
}

TEST(Interpolate, SetVariable) {
  auto env = fake_env({{"DIR", "/var/sluice"}});
  EXPECT_EQ(expand("${DIR}/log", env), "/var/sluice/log");
  EXPECT_EQ(expand("${DIR}${DIR}", env), "/var/sluice/var/sluice");
}

TEST(Interpolate, DefaultWhenUnsetOrEmpty) {
  auto env = fake_env({{"EMPTY", ""}, {"SET", "yes"}});
  EXPECT_EQ(expand("${NOPE:-./data}/log", env), "./data/log");
  EXPECT_EQ(expand("${EMPTY:-fallback}", env), "fallback");
  EXPECT_EQ(expand("${SET:-fallback}", env), "yes");
  EXPECT_EQ(expand("${NOPE:-}", env), "");
  EXPECT_EQ(expand("${NOPE:-http://h:1/api/}", env), "http://h:1/api/");
}

TEST(Interpolate, NestedDefault) {
  auto env = fake_env({{"B", "bee"}});
  EXPECT_EQ(expand("${A:-${B:-x}}", env), "bee");
  EXPECT_EQ(expand("${A:-${C:-x}}!", env), "x!");
}

TEST(Interpolate, EscapedDollarBrace) {
  auto env = fake_env({{"A", "no"}});
  EXPECT_EQ(expand("$${A}", env), "${A}");
  EXPECT_EQ(expand("a$${A:-b}c", env), "a${A:-b}c");
}

TEST(Interpolate, UnsetWithoutDefaultNamesTheVariable) {
  Result<std::string> r = interpolate("x ${SLUICE_MISSING} y", fake_env({}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("SLUICE_MISSING is not set"), std::string::npos);
}

TEST(Interpolate, EmptyButSetWithoutDefaultIsEmpty) {
  EXPECT_EQ(expand("[${E}]", fake_env({{"E", ""}})), "[]");
}

TEST(Interpolate, MalformedReferences) {
  auto env = fake_env({{"A", "1"}});
  for (const char* bad : {"${A", "${}", "${1A}", "${A-x}", "${A:x}", "${A B}"}) {
    Result<std::string> r = interpolate(bad, env);
    EXPECT_FALSE(r.ok()) << bad;
  }
}

TEST(Interpolate, ProcessEnvironment) {
  setenv("SLUICE_TEST_INTERP", "from-env", 1);
  EXPECT_EQ(expand("${SLUICE_TEST_INTERP}", process_env()), "from-env");
  unsetenv("SLUICE_TEST_INTERP");
  EXPECT_EQ(expand("${SLUICE_TEST_INTERP:-dflt}", process_env()), "dflt");
}

}  // namespace
}  // namespace sluice
