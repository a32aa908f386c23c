// Secrets named in a config by where they are, never by value: the first line of a file, or an
// environment variable (the Cassandra sink's password, the run store's DSN, librdkafka's
// sasl.password). Each reader names the config key and the file or variable in its errors,
// never the secret, and registers what it read with core/log_secrets.h so no log line shows it.
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

}  // namespace sluice
