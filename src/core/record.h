// Record: one row of a Schema's fields plus where it came from (docs/architecture.md, "Records and
// schema").
//
// Values live in one reusable byte arena so that mapping a record into a Record that has been
// used before allocates nothing in the common case: call clear() and fill it again.
// Text and timestamp values are stored as text (a timestamp keeps its source spelling so that
// rules judge what was sent); int, float and bool are stored natively.
// Not thread-safe; a Record belongs to one stage at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"

namespace sluice {

struct RecordMeta {
  std::string source_id;       // e.g. "http:page=3" or "file:users.ndjson"
  int32_t partition = -1;      // log partition, -1 before publishing
  int64_t offset = -1;         // log offset, -1 before publishing
  int64_t event_time_ms = 0;   // when the source produced it (if known), else ingest time
  int64_t ingest_time_ms = 0;  // when ingest fetched it
};

class Record {
 public:
  explicit Record(const Schema* schema);

  const Schema& schema() const { return *schema_; }
  size_t size() const { return slots_.size(); }

  // Resets every field to missing, keeping the arena's capacity.
  void clear();

  void set_missing(size_t i);
  void set_null(size_t i);
  // `source` is the JSON type the value had in the source record.
  void set_text(size_t i, std::string_view value, JsonKind source = JsonKind::kString);
  void append_text(size_t i, std::string_view more);  // extends the text of field i (templates)
  void set_int(size_t i, int64_t value, JsonKind source = JsonKind::kInteger);
  void set_float(size_t i, double value, JsonKind source = JsonKind::kFloat);
  void set_bool(size_t i, bool value, JsonKind source = JsonKind::kBool);
  void set_source_kind(size_t i, JsonKind source) { slots_[i].source = source; }

  // Null when the source had no value (missing or JSON null) or a value that could not be
  // converted to the field's type; source_kind() tells which.
  bool is_null(size_t i) const { return slots_[i].kind == Kind::kNull; }
  JsonKind source_kind(size_t i) const { return slots_[i].source; }
  bool has_text(size_t i) const { return slots_[i].kind == Kind::kText; }
  std::string_view text(size_t i) const;
  int64_t int_value(size_t i) const { return slots_[i].i; }
  double float_value(size_t i) const { return slots_[i].f; }
  bool bool_value(size_t i) const { return slots_[i].i != 0; }
  bool is_int(size_t i) const { return slots_[i].kind == Kind::kInt; }
  bool is_float(size_t i) const { return slots_[i].kind == Kind::kFloat; }
  bool is_bool(size_t i) const { return slots_[i].kind == Kind::kBool; }

  // Value as text for display and storage: "" for null, decimal for numbers, true/false.
  std::string to_text(size_t i) const;
  // The key field's text (empty when null).
  std::string_view key() const;

  RecordMeta meta;

 private:
  enum class Kind : uint8_t { kNull, kText, kInt, kFloat, kBool };
  struct Slot {
    Kind kind = Kind::kNull;
    JsonKind source = JsonKind::kMissing;
    uint32_t offset = 0;
    uint32_t length = 0;
    union {
      int64_t i;
      double f;
    };
    Slot() : i(0) {}
  };

  const Schema* schema_;
  std::vector<Slot> slots_;
  std::string arena_;
};

}  // namespace sluice
