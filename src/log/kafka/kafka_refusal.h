// Brokers that refused a client's login or certificate. librdkafka treats such a broker like
// one that is away: it retries, and says why only in its log ("SASL authentication error: ...",
// "SSL handshake failed: ... certificate verify failed"), so a command waiting on the cluster
// would time out with "Broker transport failure". The log callback (kafka_conf.cpp) files those
// lines here per client, and the waits that meet a transport error (kafka_admin.cpp) ask for
// them, to stop at once with the broker's reason: a wrong password does not pass by waiting.
// Thread-safe: librdkafka logs from its own threads.
#pragma once

#include <librdkafka/rdkafka.h>

#include <optional>
#include <string>
#include <string_view>

namespace sluice::kafka {

// Files `line` (a log line of facility `fac` from client `rk`) when it says a broker refused
// the client's credentials or its TLS handshake failed; ignores every other line.
void note_refusal(const rd_kafka_t* rk, std::string_view fac, std::string_view line);

// The last such line of `rk`, if any.
std::optional<std::string> refusal(const rd_kafka_t* rk);

// Drops what was filed for `rk` (called as the client is destroyed, before its address can be
// reused by another).
void forget_refusals(const rd_kafka_t* rk);

}  // namespace sluice::kafka
