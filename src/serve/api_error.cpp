#include "serve/api_error.h"

#include <nlohmann/json.hpp>
#include <string>

namespace sluice {

std::string_view http_status_title(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return status < 500 ? "Client Error" : "Server Error";
  }
}

HttpResponse api_error(int status, std::string_view detail, std::string_view field) {
  nlohmann::json error = {{"status", status},
                          {"title", std::string(http_status_title(status))},
                          {"detail", std::string(detail)},
                          {"field", nullptr}};
  if (!field.empty()) error["field"] = std::string(field);
  HttpResponse res;
  res.status = status;
  res.content_type = "application/problem+json";
  // Names from a request may be any bytes: what is not UTF-8 becomes U+FFFD, not an exception.
  res.body = error.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return res;
}

}  // namespace sluice
