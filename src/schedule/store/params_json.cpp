#include "schedule/store/params_json.h"

#include <nlohmann/json.hpp>

namespace sluice::schedule {

std::string params_to_json(const RunParams& params) {
  // nlohmann's map keeps the keys sorted, so equal params are equal text. Bytes that are not
  // UTF-8 (a --param from a shell) become U+FFFD instead of an exception.
  return nlohmann::json(params).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<RunParams> params_from_json(std::string_view text) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    return Status::corruption("run params: the stored text is not a JSON object");
  }
  RunParams params;
  for (const auto& [key, value] : parsed.items()) {
    if (!value.is_string()) {
      return Status::corruption("run params: the value of \"" + key + "\" is not a string");
    }
    params[key] = value.get<std::string>();
  }
  return params;
}

}  // namespace sluice::schedule
