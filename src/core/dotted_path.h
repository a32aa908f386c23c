// A dotted JSON path of object keys ("login.username") split into its steps, as the config
// writes paths (records_path, a field's `from`). Steps may be empty ("a..b" gives "a", "", "b"):
// callers that refuse those check for them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sluice {

inline std::vector<std::string> split_dotted_path(std::string_view dotted) {
  std::vector<std::string> steps;
  size_t start = 0;
  while (true) {
    const size_t dot = dotted.find('.', start);
    steps.emplace_back(dotted.substr(start, dot - start));
    if (dot == std::string_view::npos) return steps;
    start = dot + 1;
  }
}

}  // namespace sluice
