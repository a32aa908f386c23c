// Environment interpolation in config values (docs/configuration.md, "Interpolation").
//
// Applied to each scalar value after the YAML is parsed, so errors keep their line numbers:
//   ${VAR}            the value of VAR; an error naming VAR when it is unset
//   ${VAR:-default}   VAR when it is set and not empty, else `default` (itself interpolated,
//                     so ${A:-${B:-x}} works)
//   $${               a literal "${" (nothing is expanded there)
// Any other '$' is kept as is. VAR is [A-Za-z_][A-Za-z0-9_]*. Keys are never interpolated.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sluice {

// Looks a variable up; nullopt when it is unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
EnvLookup process_env();

// Expands `text`; InvalidArgument naming the variable or the malformed reference otherwise.
Result<std::string> interpolate(std::string_view text, const EnvLookup& env);

}  // namespace sluice
