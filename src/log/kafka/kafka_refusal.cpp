#include "log/kafka/kafka_refusal.h"

#include <array>
#include <map>
#include <mutex>

namespace sluice::kafka {
namespace {

std::mutex refusals_mutex;
std::map<const rd_kafka_t*, std::string>& refusals() {
  static std::map<const rd_kafka_t*, std::string> by_client;
  return by_client;
}

// What librdkafka 2.0.2 writes, under facility FAIL, when the broker refused the login or the
// TLS handshake failed (an unknown CA, a certificate for another host, an expired one).
constexpr std::array<std::string_view, 4> kRefusals = {
    "SASL authentication error", "Authentication failed", "SSL handshake failed",
    "certificate verify failed"};

}  // namespace

void note_refusal(const rd_kafka_t* rk, std::string_view fac, std::string_view line) {
  if (fac != "FAIL") return;
  for (std::string_view marker : kRefusals) {
    if (line.find(marker) == std::string_view::npos) continue;
    std::lock_guard lock(refusals_mutex);
    refusals()[rk] = std::string(line);
    return;
  }
}

std::optional<std::string> refusal(const rd_kafka_t* rk) {
  std::lock_guard lock(refusals_mutex);
  auto it = refusals().find(rk);
  if (it == refusals().end()) return std::nullopt;
  return it->second;
}

void forget_refusals(const rd_kafka_t* rk) {
  std::lock_guard lock(refusals_mutex);
  refusals().erase(rk);
}

}  // namespace sluice::kafka
