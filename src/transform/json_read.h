// How the mapping reads JSON with simdjson On-Demand, for the two readers that must agree on a
// record's key: the mapping's walker (transform/json_walk.cpp, Mapper::key_of) and the page
// splitter, which reads each record's key while it splits a page (ingest/http/page_parser.cpp).
#pragma once

#include <simdjson.h>

#include <string_view>

#include "core/status.h"
#include "transform/capture.h"

namespace sluice::mapping {

// The name of `field`, unescaped ("user\u006eame" is username): its raw bytes when it has no
// escapes (the common case: no copy), else unescaped into the parser's string buffer; an error
// for a bad escape. Stage 1 has checked that every string is closed.
inline simdjson::error_code field_key(simdjson::ondemand::field& field, std::string_view* key) {
  const char* raw = field.key().raw();
  size_t n = 0;
  while (raw[n] != '"' && raw[n] != '\\')
    ++n;
  if (raw[n] == '"') {
    *key = std::string_view(raw, n);
    return simdjson::SUCCESS;
  }
  return field.unescaped_key().get(*key);
}

// Captures the value at the end of a path: a string's text, a number's spelling, a boolean, null,
// or an object's or array's raw JSON, with its kind. InvalidArgument for a value that does not
// parse (a bad escape, a malformed number).
Status capture_leaf(simdjson::ondemand::value value, simdjson::ondemand::json_type type,
                    Capture* c);

}  // namespace sluice::mapping
