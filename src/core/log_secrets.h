// The last line of defence against a secret in a log: every password, token or secret property
// sluice reads is registered here where it is read, and the log formatter replaces each
// occurrence in a message with "***" before writing the line. Code must still not log secrets;
// this catches the message that quotes a server's error echoing a connection string.
#pragma once

#include <string>
#include <string_view>

namespace sluice {

// Values shorter than 4 bytes are not registered: masking "1" or "no" everywhere would garble
// logs and hide nothing worth hiding. Thread-safe.
void register_log_secret(std::string_view secret);

// `text` with every registered secret replaced by "***"; `text` unchanged (and no copy made by the
// caller) when it holds none: returns false then.
bool redact_log_secrets(std::string_view text, std::string* redacted);

}  // namespace sluice
