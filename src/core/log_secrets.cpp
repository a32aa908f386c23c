#include "core/log_secrets.h"

#include <algorithm>
#include <mutex>
#include <vector>

namespace sluice {
namespace {

constexpr size_t kShortestSecret = 4;
constexpr std::string_view kMask = "***";

std::mutex secrets_mutex;
std::vector<std::string>& secrets() {
  static std::vector<std::string> all;
  return all;
}

}  // namespace

void register_log_secret(std::string_view secret) {
  if (secret.size() < kShortestSecret) return;
  std::lock_guard lock(secrets_mutex);
  auto& all = secrets();
  if (std::find(all.begin(), all.end(), secret) != all.end()) return;
  all.emplace_back(secret);
  // Longest first: a secret that contains another is masked whole.
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

bool redact_log_secrets(std::string_view text, std::string* redacted) {
  std::lock_guard lock(secrets_mutex);
  const auto& all = secrets();
  auto occurs = [text](const std::string& secret) { return text.find(secret) != text.npos; };
  if (std::none_of(all.begin(), all.end(), occurs)) return false;
  std::string current(text);
  for (const auto& secret : all) {
    size_t at = current.find(secret);
    if (at == std::string::npos) continue;
    std::string out;
    size_t from = 0;
    for (; at != std::string::npos; at = current.find(secret, from)) {
      out.append(current, from, at - from);
      out.append(kMask);
      from = at + secret.size();
    }
    out.append(current, from);
    current = std::move(out);
  }
  *redacted = std::move(current);
  return true;
}

}  // namespace sluice
