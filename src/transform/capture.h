// Capture: what one JSON path held in the record being mapped. Text views point into the
// parser's buffers and live until the next parse.
#pragma once

#include <string_view>

#include "core/schema.h"

namespace sluice::mapping {

struct Capture {
  JsonKind kind = JsonKind::kMissing;
  // string: unescaped UTF-8; number: the token as sent ("63104", "1.5e3");
  // object/array: the raw JSON text; bool/null/missing: empty.
  std::string_view text;
  double number = 0;  // numbers, as parsed by simdjson
  bool boolean = false;
};

}  // namespace sluice::mapping
