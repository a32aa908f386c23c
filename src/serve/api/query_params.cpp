#include "serve/api/query_params.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>

namespace sluice::api {

Check only_query(const HttpRequest& request, const std::vector<std::string_view>& allowed) {
  for (const auto& [name, value] : request.query) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      const std::string takes =
          allowed.empty() ? std::string("this endpoint takes none")
                          : fmt::format("this endpoint takes: {}", fmt::join(allowed, ", "));
      return bad_field(name, fmt::format("unknown query parameter \"{}\" ({})", name, takes));
    }
    if (request.query.count(name) > 1) {
      return bad_field(name, fmt::format("query parameter \"{}\" is given more than once", name));
    }
  }
  return std::nullopt;
}

Check parse_int(std::string_view text, const std::string& field, int min, int max, int* out) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < min || value > max) {
    return bad_field(field, fmt::format("{} must be a whole number from {} to {}, not \"{}\"",
                                        field, min, max, text));
  }
  *out = value;
  return std::nullopt;
}

Check read_int_param(const HttpRequest& request, const std::string& name, int min, int max,
                     int* out) {
  auto it = request.query.find(name);
  if (it == request.query.end()) return std::nullopt;
  return parse_int(it->second, name, min, max, out);
}

}  // namespace sluice::api
