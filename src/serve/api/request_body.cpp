#include "serve/api/request_body.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace sluice::api {
namespace {

using nlohmann::json;

// "a string", "a number": what a JSON value is, for messages.
std::string kind_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

ApiFailure wrong_type(const std::string& field, const char* expected, const json& value) {
  return bad_field(field, fmt::format("{} must be {}, not {}", field, expected, kind_of(value)));
}

// The field, or nullptr when it is absent or null.
const json* given(const json& body, const std::string& key) {
  auto it = body.find(key);
  return it == body.end() || it->is_null() ? nullptr : &*it;
}

// nlohmann's message without its "[json.exception.parse_error.101] " tag.
std::string parse_message(const json::parse_error& e) {
  std::string_view what = e.what();
  const auto tag_end = what.find("] ");
  if (tag_end != std::string_view::npos) what.remove_prefix(tag_end + 2);
  return std::string(what);
}

}  // namespace

Check parse_body(std::string_view body, json* out) {
  if (body.size() > kMaxBodyBytes) {
    return ApiFailure{413,
                      fmt::format("the request body has {} bytes; at most {} are read", body.size(),
                                  kMaxBodyBytes),
                      ""};
  }
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    *out = json::object();
    return std::nullopt;
  }
  // nlohmann reports malformed input by exception; it stays here.
  try {
    *out = json::parse(body);
  } catch (const json::parse_error& e) {
    return bad_field("", fmt::format("malformed JSON at byte {}: {}", e.byte, parse_message(e)));
  }
  if (!out->is_object()) {
    return bad_field("", "the body must be a JSON object, not " + kind_of(*out));
  }
  return std::nullopt;
}

Check only_fields(const json& body, const std::vector<std::string_view>& allowed) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    return bad_field(key, fmt::format("unknown field \"{}\" (this request takes: {})", key,
                                      fmt::join(allowed, ", ")));
  }
  return std::nullopt;
}

Check read_string(const json& body, const std::string& key, std::optional<std::string>* out) {
  const json* value = given(body, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) return wrong_type(key, "a string", *value);
  *out = value->get<std::string>();
  return std::nullopt;
}

Check read_bool(const json& body, const std::string& key, std::optional<bool>* out) {
  const json* value = given(body, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) return wrong_type(key, "true or false", *value);
  *out = value->get<bool>();
  return std::nullopt;
}

Check read_string_map(const json& body, const std::string& key,
                      std::map<std::string, std::string>* out) {
  const json* value = given(body, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) return wrong_type(key, "an object of strings", *value);
  for (const auto& [name, item] : value->items()) {
    const std::string field = fmt::format("{}.{}", key, name);
    if (!item.is_string()) return wrong_type(field, "a string", item);
    (*out)[name] = item.get<std::string>();
  }
  return std::nullopt;
}

Check read_string_list(const json& body, const std::string& key, std::vector<std::string>* out) {
  const json* value = given(body, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) return wrong_type(key, "an array of strings", *value);
  for (size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    if (!item.is_string()) return wrong_type(fmt::format("{}[{}]", key, i), "a string", item);
    out->push_back(item.get<std::string>());
  }
  return std::nullopt;
}

}  // namespace sluice::api
