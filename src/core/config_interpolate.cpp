#include "core/config_interpolate.h"

#include <cstdlib>

namespace sluice {
namespace {

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

// Index of the '}' closing the reference whose body starts at `from`, counting nested "${".
std::optional<size_t> find_close(std::string_view text, size_t from) {
  int depth = 0;
  for (size_t i = from; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (text[i] == '}') {
      if (depth == 0) return i;
      --depth;
    }
  }
  return std::nullopt;
}

// Expands the body of one reference, "VAR" or "VAR:-default".
Result<std::string> expand(std::string_view body, const EnvLookup& env) {
  size_t n = 0;
  while (n < body.size() && is_name_char(body[n]))
    ++n;
  if (n == 0 || !is_name_start(body[0])) {
    return Status::invalid_argument("bad variable reference ${" + std::string(body) +
                                    "}: expected ${NAME} or ${NAME:-default}");
  }
  std::string name(body.substr(0, n));
  std::string_view rest = body.substr(n);
  std::optional<std::string> value = env(name);
  if (rest.empty()) {
    if (!value) return Status::invalid_argument("environment variable " + name + " is not set");
    return *value;
  }
  if (rest.substr(0, 2) != ":-") {
    return Status::invalid_argument("bad variable reference ${" + std::string(body) +
                                    "}: expected ${NAME} or ${NAME:-default}");
  }
  if (value && !value->empty()) return *value;
  return interpolate(rest.substr(2), env);
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<std::string> interpolate(std::string_view text, const EnvLookup& env) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '$') {
      out += text[i++];
      continue;
    }
    if (text.substr(i, 3) == "$${") {
      out += "${";
      i += 3;
      continue;
    }
    if (text.substr(i, 2) != "${") {
      out += text[i++];
      continue;
    }
    std::optional<size_t> close = find_close(text, i + 2);
    if (!close) {
      return Status::invalid_argument("unclosed ${ in \"" + std::string(text) + "\"");
    }
    Result<std::string> value = expand(text.substr(i + 2, *close - i - 2), env);
    if (!value.ok()) return value.status();
    out += *value;
    i = *close + 1;
  }
  return out;
}

}  // namespace sluice
