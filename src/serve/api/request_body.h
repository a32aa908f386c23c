// Reading a JSON request body: malformed JSON is refused with its position, a field of the
// wrong type or one the endpoint does not declare with its name. Every reader treats a field
// that is absent and one that is null alike: not given.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/api/api_failure.h"

namespace sluice::api {

// Requests carry a few names and dates: larger bodies are refused (413) unread.
inline constexpr size_t kMaxBodyBytes = size_t{64} * 1024;

// Parses `body` into `*out` as a JSON object; an empty body is {}. Refuses a body over
// kMaxBodyBytes (413), malformed JSON (400: "malformed JSON at byte 12 (line 1, column 12):
// ..."), and JSON that is not an object.
Check parse_body(std::string_view body, nlohmann::json* out);
// Refuses a field of `body` not in `allowed`, naming it and the allowed ones.
Check only_fields(const nlohmann::json& body, const std::vector<std::string_view>& allowed);

Check read_string(const nlohmann::json& body, const std::string& key,
                  std::optional<std::string>* out);
Check read_bool(const nlohmann::json& body, const std::string& key, std::optional<bool>* out);
// An object of strings; a value of another type is blamed as "key.name".
Check read_string_map(const nlohmann::json& body, const std::string& key,
                      std::map<std::string, std::string>* out);
// An array of strings; an element of another type is blamed as "key[i]".
Check read_string_list(const nlohmann::json& body, const std::string& key,
                       std::vector<std::string>* out);

}  // namespace sluice::api
