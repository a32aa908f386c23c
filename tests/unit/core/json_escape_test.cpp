// write_json_escaped: JSON string escaping shared by the mock API and the quarantine reasons.
#include "core/json_escape.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice {
namespace {

std::string escaped(std::string_view text) {
  std::string out(text.size() * 6, '\0');
  out.resize(static_cast<size_t>(write_json_escaped(text, out.data()) - out.data()));
  return out;
}

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(escaped(R"(say "hi" \ bye)"), R"(say \"hi\" \\ bye)");
  EXPECT_EQ(escaped("\n\r\t\b\f"), R"(\n\r\t\b\f)");
  EXPECT_EQ(escaped(std::string("\x01\x1f\x00", 3)), R"(\u0001\u001f\u0000)");
  EXPECT_EQ(escaped("\x7f"), "\x7f");  // DEL needs no escape
}

TEST(JsonEscapeTest, PassesUtf8ThroughAndFindsEscapesPastTheFastPath) {
  EXPECT_EQ(escaped("Zoë Ωμέγα देवनागरी"), "Zoë Ωμέγα देवनागरी");
  // The eight-bytes-at-a-time path hands over to the byte loop at the first chunk that needs
  // an escape, wherever in the string it is.
  for (size_t at = 0; at < 20; ++at) {
    std::string text(20, 'a');
    text[at] = '"';
    std::string want(20, 'a');
    want.replace(at, 1, "\\\"");
    EXPECT_EQ(escaped(text), want) << at;
  }
  EXPECT_EQ(escaped(""), "");
}

}  // namespace
}  // namespace sluice
