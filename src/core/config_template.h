// Field templates: "{location.street.number} {location.street.name}, {location.city}".
//
// A template is literal text with {path} placeholders, each a dotted JSON path of one or more
// segments of [A-Za-z0-9_-]. "{{" and "}}" stand for literal braces. Config loading rejects any
// other use of a brace, so a Mapper may rely on parse_template() succeeding for loaded configs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sluice {

struct TemplatePart {
  bool is_path = false;  // true: `text` is a dotted path to look up; false: literal text
  std::string text;
};

// Splits a template into literal and path parts (adjacent literals merged). InvalidArgument
// naming the position of an unclosed '{', a stray '}', an empty or malformed placeholder.
Result<std::vector<TemplatePart>> parse_template(std::string_view text);

// Workflow task arguments (docs/workflows.md, "Templating"): "run --date {{ ds }}". "{{" opens a
// placeholder that "}}" closes, spaces inside it are ignored, and the name is a dotted path as
// above ("params.table"). Single braces are literal text, as shell commands need them; a literal
// "{{" cannot be written. InvalidArgument naming the column of an unclosed "{{" or a malformed
// name.
Result<std::vector<TemplatePart>> parse_double_brace_template(std::string_view text);

// True when `path` is a well-formed dotted path: non-empty segments of [A-Za-z0-9_-].
bool is_valid_path(std::string_view path);

}  // namespace sluice
