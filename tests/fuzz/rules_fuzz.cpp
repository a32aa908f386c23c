// libFuzzer target for the regex rule's hand-written fast path (quality/simple_regex.h), with
// RE2 as the oracle. The input is a pattern, a newline, then the text. Whenever SimpleRegex
// accepts the pattern (and RE2 compiles it, as the regex rule requires) and decides the text,
// its answer must be RE2::FullMatch's; a disagreement aborts with both printed. Built with
// -DSLUICE_FUZZ=ON under clang; run by `make fuzz` (scripts/fuzz-brief) from
// tests/fuzz/corpus/rules/ (the shipped configs' patterns with values that pass and fail).
#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "quality/simple_regex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t newline = in.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string_view pattern = in.substr(0, newline);
  const std::string_view text = in.substr(newline + 1);

  auto simple = sluice::SimpleRegex::compile(pattern);
  if (!simple) return 0;
  RE2::Options options;  // as quality/rules/regex_rule.cpp compiles rule patterns
  options.set_log_errors(false);
  const RE2 re(pattern, options);
  if (!re.ok()) return 0;
  const std::optional<bool> fast = simple->full_match(text);
  if (!fast) return 0;
  const bool oracle = RE2::FullMatch(text, re);
  if (*fast != oracle) {
    std::fprintf(stderr,
                 "rules_fuzz: SimpleRegex says %d, RE2 says %d\npattern: %.*s\ntext: %.*s\n", *fast,
                 oracle, static_cast<int>(pattern.size()), pattern.data(),
                 static_cast<int>(text.size()), text.data());
    std::abort();
  }
  return 0;
}
