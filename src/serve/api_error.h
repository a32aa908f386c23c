// The REST API's error answer (docs/api/openapi.yaml, "Error"): a JSON object
// {"status": 404, "title": "Not Found", "detail": "...", "field": "name"} in the shape of
// RFC 7807's problem details, with `field` naming the input at fault (a path parameter, a
// query parameter, a JSON field such as "params.who" or "tasks[1]"; null when none is).
#pragma once

#include <string_view>

#include "serve/http_handler.h"

namespace sluice {

// "Not Found" for 404, and so on for the statuses the API answers with.
std::string_view http_status_title(int status);

// An answer with that status and the error object as its body (application/problem+json).
HttpResponse api_error(int status, std::string_view detail, std::string_view field = {});

}  // namespace sluice
