#include "transform/field_writer.h"

#include <charconv>

namespace sluice::mapping {
namespace {

void write_as_text(const Capture& c, size_t field, Record* out) {
  if (c.kind == JsonKind::kBool) {
    out->set_text(field, c.boolean ? "true" : "false", JsonKind::kBool);
  } else {
    out->set_text(field, c.text, c.kind);
  }
}

// An integer token outside int64 is kept as text (still of source kind integer).
void write_int(const Capture& c, size_t field, Record* out) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(c.text.data(), c.text.data() + c.text.size(), v);
  if (ec == std::errc() && end == c.text.data() + c.text.size()) {
    out->set_int(field, v, JsonKind::kInteger);
  } else {
    write_as_text(c, field, out);
  }
}

}  // namespace

void write_capture(const Capture& c, FieldType type, size_t field, Record* out) {
  if (c.kind == JsonKind::kMissing) return out->set_missing(field);
  if (c.kind == JsonKind::kNull) return out->set_null(field);
  switch (type) {
    case FieldType::kText:
    case FieldType::kTimestamp:
      return write_as_text(c, field, out);
    case FieldType::kInt:
      if (c.kind == JsonKind::kInteger) return write_int(c, field, out);
      if (c.kind == JsonKind::kFloat) return out->set_float(field, c.number, JsonKind::kFloat);
      break;
    case FieldType::kFloat:
      if (c.kind == JsonKind::kInteger || c.kind == JsonKind::kFloat) {
        return out->set_float(field, c.number, c.kind);
      }
      break;
    case FieldType::kBool:
      if (c.kind == JsonKind::kBool) return out->set_bool(field, c.boolean, JsonKind::kBool);
      break;
  }
  write_as_text(c, field, out);
}

}  // namespace sluice::mapping
