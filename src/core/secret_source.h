// Secrets read from files and environment variables, for every part that needs one (the
// Cassandra password, the PostgreSQL password or DSN, the key of `protect: hash`). Errors name
// the config key, the file or the variable, never the content. What is read is registered with
// the log's masking (log_secrets.h) by the caller that knows it is a secret worth masking.
#pragma once

#include <string>

#include "core/config_interpolate.h"
#include "core/status.h"

namespace sluice {

// The first line of `path`, without its line ending; an unreadable file or an empty first line
// is an error "<key>: ...". `key` is the config key that named the file, e.g.
// "sink.password_file".
Result<std::string> secret_from_file(const std::string& key, const std::string& path);

// The value of the environment variable `name`; unset or empty is an error "<key>: ...".
Result<std::string> secret_from_env(const std::string& key, const std::string& name,
                                    const EnvLookup& env);

// A generated secret kept in a file of its own (the key of `protect: hash` in embedded mode):
// reads `path` when it exists, else creates it (and its folder) with mode 0600 holding
// `random_bytes` bytes from the kernel's CSPRNG, hex-encoded, and returns that. The file appears
// whole (written aside, then linked into place), and two processes creating it at once end with
// the same content: the second link fails and that process reads the first one's file. A file
// that group or others may read, or that is not a regular file, is refused: a secret others can
// read protects nothing.
Result<std::string> read_or_create_secret_file(const std::string& key, const std::string& path,
                                               size_t random_bytes);

// `path` is a regular file its owner alone may read or write (no group/other permission bits);
// else an error naming the file and its mode.
Status check_owner_only(const std::string& key, const std::string& path);

}  // namespace sluice
