// trim_spaces: a view of `s` without its leading and trailing space characters (' ' only: tabs
// and line breaks are kept, as the callers' formats want).
#pragma once

#include <string_view>

namespace sluice {

inline std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  return s;
}

}  // namespace sluice
