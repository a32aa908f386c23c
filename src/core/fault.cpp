#include "core/fault.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace sluice {
namespace {

enum class Action { kNone, kCrash, kFail };

struct Spec {
  Action action = Action::kNone;
  int64_t count = 0;  // K of crash:K, N of fail:N; 0 when not given
  std::string_view entry;
};

std::string read_spec_file(const char* path) {
  std::string text;
  std::FILE* file = std::fopen(path, "re");
  if (file == nullptr) return text;  // no file: no faults from it
  char buf[512];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, file)) > 0)
    text.append(buf, n);
  std::fclose(file);
  return text;
}

// The first well-formed spec in `text` naming `name`; a malformed one is ignored, as an unset
// variable would be, since only tests write them.
Spec find_spec(std::string_view text, std::string_view name) {
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find_first_of(",\n\r\t ", i);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view entry = text.substr(i, end - i);
    i = end + 1;
    if (entry.size() <= name.size() || !entry.starts_with(name) || entry[name.size()] != ':') {
      continue;
    }
    const std::string_view rest = entry.substr(name.size() + 1);
    const std::string_view verb = rest.substr(0, rest.find(':'));
    Spec spec{.entry = entry};
    if (verb == "crash") {
      spec.action = Action::kCrash;
    } else if (verb == "fail") {
      spec.action = Action::kFail;
    } else {
      continue;
    }
    if (rest.size() > verb.size()) {
      const std::string_view digits = rest.substr(verb.size() + 1);
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), spec.count);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || spec.count < 1) continue;
    }
    return spec;
  }
  return {};
}

// How often each spec entry was hit, this time included; all restart when the spec text changes.
int64_t count_hit(const std::string& text, std::string_view entry) {
  static std::mutex mu;
  static std::string counted_text;
  static std::map<std::string, int64_t, std::less<>> hits;
  std::lock_guard lock(mu);
  if (counted_text != text) {
    counted_text = text;
    hits.clear();
  }
  auto it = hits.find(entry);
  if (it == hits.end()) it = hits.emplace(std::string(entry), 0).first;
  return ++it->second;
}

Status check(std::string_view name, bool can_fail) {
  const char* env = std::getenv("SLUICE_FAULT");
  const char* file = std::getenv("SLUICE_FAULT_FILE");
  if (env == nullptr && file == nullptr) return Status::ok_status();
  std::string text = env == nullptr ? "" : env;
  if (file != nullptr) {
    text += '\n';
    text += read_spec_file(file);
  }
  const Spec spec = find_spec(text, name);
  if (spec.action == Action::kNone || (spec.action == Action::kFail && !can_fail)) {
    return Status::ok_status();
  }
  const int64_t hit = count_hit(text, spec.entry);
  if (spec.action == Action::kCrash) {
    if (hit != std::max<int64_t>(spec.count, 1)) return Status::ok_status();
    std::fprintf(stderr, "SLUICE_FAULT: crashing at %.*s\n", static_cast<int>(spec.entry.size()),
                 spec.entry.data());
    std::abort();
  }
  if (spec.count > 0 && hit > spec.count) return Status::ok_status();
  std::string message = "injected I/O error at fault point ";
  message += spec.entry;
  spdlog::debug("SLUICE_FAULT: {}", message);
  return Status::io_error(std::move(message));
}

}  // namespace

void fault_point(std::string_view name) {
  (void)check(name, /*can_fail=*/false);
}

Status fault_status(std::string_view name) {
  return check(name, /*can_fail=*/true);
}

}  // namespace sluice
