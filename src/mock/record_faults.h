// Breaks generated records on purpose, the way real feeds go wrong (docs/architecture.md, "Data
// quality"): malformed emails, dates in other formats, "Male", usernames of 2 or 31 characters,
// missing or null fields, numbers where strings belong, and usernames reused from earlier records.
// Each fault touches one field and knows which rule ids it breaks. Pure; thread-safe.
//
// Faults are decided, not applied: they come back as typed edits of the eight fields they may
// touch, and the generator's writer honours them while it writes the record. That keeps broken
// records on the same allocation-free path as clean ones, with one layout for both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mock/rng.h"

namespace sluice::mock {

// What a fault did to one field. kKeep leaves the generated value.
struct FieldEdit {
  enum class Kind { kKeep, kAbsent, kNull, kString, kInteger };
  Kind kind = Kind::kKeep;
  std::string text;     // for kString
  int64_t integer = 0;  // for kInteger
};

// The fields faults may touch, in the record's own layout (docs/architecture.md, "Records and
// schema").
struct RecordEdits {
  FieldEdit gender;
  FieldEdit first_name;  // name.first
  FieldEdit last_name;   // name.last
  FieldEdit email;
  FieldEdit username;  // login.username
  FieldEdit dob_date;  // dob.date
  FieldEdit registered_date;
  bool registered_absent = false;  // the whole `registered` object is missing
  FieldEdit phone;
};

// The generated values that faults derive their broken values from.
struct FaultInputs {
  std::string_view email;            // first.last@example.com
  std::string_view username;         // base_username() of the record
  std::string_view registered_date;  // YYYY-MM-DDTHH:MM:SS.mmmZ
};

struct FaultOutcome {
  RecordEdits edits;
  std::vector<std::string> broken;        // rule ids, possibly repeated; the caller orders them
  std::optional<int64_t> reused_ordinal;  // the earlier record whose username was reused
};

// Decides 1 to 3 faults on distinct fields of a record. `ordinal` is the record's number within
// its seed; reuse only picks earlier ordinals, and none when ordinal is 0.
FaultOutcome break_record(const FaultInputs& record, uint64_t seed_hash, int64_t ordinal, Rng* rng);

}  // namespace sluice::mock
