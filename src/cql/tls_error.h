// What OpenSSL says went wrong, as text for a Status. OpenSSL keeps its errors in a queue per
// thread; reading it here also empties it, so that the next call's errors stand alone.
#pragma once

#include <string>
#include <string_view>

namespace sluice::cql {

// The reasons in this thread's OpenSSL error queue, oldest first and joined by "; " (e.g.
// "certificate verify failed"), or `fallback` when the queue is empty. Empties the queue.
std::string take_openssl_errors(std::string_view fallback);

}  // namespace sluice::cql
