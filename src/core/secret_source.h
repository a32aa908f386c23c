// Secrets named in a config by where they are, never by value: the first line of a file, or an
// environment variable (the Cassandra sink's password, the run store's DSN, librdkafka's
// sasl.password, the protect key), and secrets sluice makes itself in a file of their own (the
// API token, the protect key in embedded mode). Each reader names the config key and the file or
// variable in its errors, never the secret, and registers what it read with core/log_secrets.h so
// no log line shows it.
#pragma once

#include <string>
#include <string_view>

#include "core/config_interpolate.h"
#include "core/status.h"

namespace sluice {

// The first line of `path` without its line ending; kInvalidArgument "KEY: cannot read PATH:
// why" or "KEY: PATH holds nothing on its first line".
Result<std::string> read_secret_file(std::string_view key, const std::string& path);

// The value of the environment variable `name`; kInvalidArgument "KEY: the environment
// variable NAME is not set or empty".
Result<std::string> read_secret_env(std::string_view key, const std::string& name,
                                    const EnvLookup& env);

// True for a name an environment variable can have in a shell: letters, digits and _, not
// starting with a digit. Config keys that name a variable (password_env, ...) must hold one, so
// that a value written there by mistake is refused rather than looked up.
bool is_env_name(std::string_view name);

// True for the names of settings that hold credentials (sasl.password, ssl.key.password,
// ssl.key.pem, sasl.oauthbearer.client.secret, sasl.oauthbearer.config, ...), whatever the case:
// never logged, never written in a config.
bool is_secret_property(std::string_view name);

// A generated secret kept in a file of its own (the API token, the key of `protect: hash` in
// embedded mode): reads `path` when it exists, else creates it (and its folder) with mode 0600
// holding `random_bytes` bytes from the kernel's CSPRNG, hex-encoded, and returns that. The file
// appears whole (written aside, then linked into place), and two processes creating it at once
// end with the same content: the second link fails and that process reads the first one's file.
// A file that group or others may read, or that is not a regular file, is refused: a secret
// others can read protects nothing.
Result<std::string> read_or_create_secret_file(std::string_view key, const std::string& path,
                                               size_t random_bytes);

// `path` is a regular file its owner alone may read or write (no group/other permission bits);
// else an error naming the file and its mode.
Status check_owner_only(std::string_view key, const std::string& path);

}  // namespace sluice
