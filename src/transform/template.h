// Templates: "{location.street.number} {location.street.name}, {location.city}" renders the
// values at the placeholders' paths between literal text (grammar: core/config_template.h).
// A missing or null placeholder renders as empty text; a number as its JSON token; a bool as
// true/false; an object or array as its raw JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "transform/capture.h"
#include "transform/path_trie.h"

namespace sluice::mapping {

struct TemplatePart {
  std::string literal;     // emitted as is when slot is kNoSlot
  int32_t slot = kNoSlot;  // else the capture to render
};

// Splits a template into parts, registering each placeholder's path in `trie`.
// Fails as core's parse_template() does (unclosed '{', stray '}', bad placeholder).
Result<std::vector<TemplatePart>> parse_template(std::string_view text, PathTrie* trie);

// The text a capture contributes to a template.
std::string_view render_capture(const Capture& capture);

}  // namespace sluice::mapping
