// Reading a request's query parameters: a name the endpoint does not take, a name given twice
// and a value out of range are refused, naming the parameter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "serve/api/api_failure.h"
#include "serve/http_handler.h"

namespace sluice::api {

// Refuses a parameter not in `allowed` and one given more than once.
Check only_query(const HttpRequest& request, const std::vector<std::string_view>& allowed);
// The whole-number text `text` in [min, max] into `*out`, else a failure blaming `field`.
Check parse_int(std::string_view text, const std::string& field, int min, int max, int* out);
// The parameter `name` (when given) as parse_int reads it; `*out` keeps its default otherwise.
Check read_int_param(const HttpRequest& request, const std::string& name, int min, int max,
                     int* out);

}  // namespace sluice::api
