#include "core/config_template.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(Template, SplitsLiteralsAndPaths) {
  auto parts = parse_template("{location.street.number} {location.street.name}, {location.city}");
  ASSERT_TRUE(parts.ok()) << parts.status().to_string();
  ASSERT_EQ(parts->size(), 5u);
  EXPECT_TRUE((*parts)[0].is_path);
  EXPECT_EQ((*parts)[0].text, "location.street.number");
  EXPECT_FALSE((*parts)[1].is_path);
  EXPECT_EQ((*parts)[1].text, " ");
  EXPECT_EQ((*parts)[3].text, ", ");
  EXPECT_EQ((*parts)[4].text, "location.city");
}

TEST(Template, DoubledBracesAreLiteral) {
  auto parts = parse_template("{{x}} = {a}");
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].text, "{x} = ");
  EXPECT_EQ((*parts)[1].text, "a");
}

TEST(Template, NoPlaceholdersIsOneLiteral) {
  auto parts = parse_template("constant");
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_FALSE((*parts)[0].is_path);
}

TEST(Template, Errors) {
  for (const char* bad : {"{a", "{}", "a}", "{.a}", "{a.}", "{a b}", "{a{b}}"}) {
    EXPECT_FALSE(parse_template(bad).ok()) << bad;
  }
}

TEST(Template, ValidPaths) {
  EXPECT_TRUE(is_valid_path("login.username"));
  EXPECT_TRUE(is_valid_path("results.0.x-y_z"));
  EXPECT_FALSE(is_valid_path(""));
  EXPECT_FALSE(is_valid_path("a..b"));
  EXPECT_FALSE(is_valid_path("a b"));
}

// Task argument templates: "{{ name }}", spaces allowed inside, single braces literal.
TEST(DoubleBraceTemplate, SplitsLiteralsAndNames) {
  auto parts = parse_double_brace_template("load {{ ds }} into {{params.table}}{x}");
  ASSERT_TRUE(parts.ok()) << parts.status().to_string();
  ASSERT_EQ(parts->size(), 5u);
  EXPECT_EQ((*parts)[0].text, "load ");
  EXPECT_TRUE((*parts)[1].is_path);
  EXPECT_EQ((*parts)[1].text, "ds");
  EXPECT_EQ((*parts)[2].text, " into ");
  EXPECT_EQ((*parts)[3].text, "params.table");
  EXPECT_FALSE((*parts)[4].is_path);
  EXPECT_EQ((*parts)[4].text, "{x}");
}

TEST(DoubleBraceTemplate, ShellBracesAndLoneClosersStayLiteral) {
  auto parts = parse_double_brace_template("echo ${HOME} {a,b} }} done");
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].text, "echo ${HOME} {a,b} }} done");
}

TEST(DoubleBraceTemplate, ErrorsNameTheColumn) {
  EXPECT_EQ(parse_double_brace_template("a {{ ds").status().message(), "unclosed '{{' at column 3");
  EXPECT_EQ(parse_double_brace_template("{{ }}").status().message(),
            "bad placeholder {{  }} at column 1: expected a name like {{ ds }} or "
            "{{ params.table }}");
  for (const char* bad : {"{{ a b }}", "{{ .a }}", "{{ a. }}", "{{ a{b }}"}) {
    EXPECT_FALSE(parse_double_brace_template(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace sluice
