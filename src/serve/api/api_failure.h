// ApiFailure: why a request is refused, before it becomes the API's JSON error
// (serve/api_error.h). Checks of a request return `Check`: nullopt when the input is fine.
#pragma once

#include <optional>
#include <string>

#include "core/status.h"
#include "schedule/ops/blame.h"
#include "serve/api_error.h"

namespace sluice::api {

struct ApiFailure {
  int status = 400;
  std::string detail;
  std::string field;  // the input at fault; "" when none is
};

using Check = std::optional<ApiFailure>;

inline ApiFailure bad_field(std::string field, std::string detail) {
  return {400, std::move(detail), std::move(field)};
}

// The HTTP status of an operation's error: 400 for a wrong input, 404 for a name that does
// not exist, 503 when the run store is away or busy (retrying may help), else 500.
int http_status_of(StatusCode code);

inline ApiFailure failure_of(const Status& status, const schedule::Blame& blame = {}) {
  return {http_status_of(status.code()), status.message(), blame.field};
}

inline HttpResponse respond(const ApiFailure& failure) {
  return api_error(failure.status, failure.detail, failure.field);
}

}  // namespace sluice::api
