#include "mock/record_faults.h"

#include <algorithm>
#include <array>

#include "mock/username.h"

namespace sluice::mock {
namespace {

// Which field a fault touches; two faults of one record never share a field, so the rules a
// record breaks are exactly the union of its faults' rules.
enum class Field { kEmail, kRegistered, kGender, kUsername, kFirstName, kLastName, kPhone, kDob };

enum class Fault {
  kEmailMalformed,
  kEmailMissing,
  kEmailNull,
  kEmailEmpty,
  kEmailNumber,
  kRegisteredOtherFormat,
  kRegisteredMissing,
  kRegisteredEpochNumber,
  kGenderCapitalised,
  kGenderNumber,
  kUsernameTooShort,
  kUsernameTooLong,
  kUsernameMissing,
  kUsernameNull,
  kUsernameNumber,
  kUsernameReused,
  kFirstNameMissing,
  kFirstNameNull,
  kLastNameEmpty,
  kLastNameNumber,
  kPhoneNumber,
  kDobNumber,
};

struct FaultSpec {
  Fault fault;
  Field field;
  const char* rule;  // nullptr: breaks no rule by itself (username reuse)
};

constexpr std::array kFaults = {
    FaultSpec{Fault::kEmailMalformed, Field::kEmail, "email_format"},
    FaultSpec{Fault::kEmailMalformed, Field::kEmail, "email_format"},  // the commonest fault
    FaultSpec{Fault::kEmailMissing, Field::kEmail, "required"},
    FaultSpec{Fault::kEmailNull, Field::kEmail, "required"},
    FaultSpec{Fault::kEmailEmpty, Field::kEmail, "required"},
    FaultSpec{Fault::kEmailNumber, Field::kEmail, "data_types"},
    FaultSpec{Fault::kRegisteredOtherFormat, Field::kRegistered, "date_format"},
    FaultSpec{Fault::kRegisteredOtherFormat, Field::kRegistered, "date_format"},
    FaultSpec{Fault::kRegisteredMissing, Field::kRegistered, "required"},
    FaultSpec{Fault::kRegisteredEpochNumber, Field::kRegistered, "data_types"},
    FaultSpec{Fault::kGenderCapitalised, Field::kGender, "gender_values"},
    FaultSpec{Fault::kGenderCapitalised, Field::kGender, "gender_values"},
    FaultSpec{Fault::kGenderNumber, Field::kGender, "data_types"},
    FaultSpec{Fault::kUsernameTooShort, Field::kUsername, "username_length"},
    FaultSpec{Fault::kUsernameTooLong, Field::kUsername, "username_length"},
    FaultSpec{Fault::kUsernameMissing, Field::kUsername, "required"},
    FaultSpec{Fault::kUsernameNull, Field::kUsername, "required"},
    FaultSpec{Fault::kUsernameNumber, Field::kUsername, "data_types"},
    FaultSpec{Fault::kUsernameReused, Field::kUsername, nullptr},
    FaultSpec{Fault::kUsernameReused, Field::kUsername, nullptr},
    FaultSpec{Fault::kFirstNameMissing, Field::kFirstName, "required"},
    FaultSpec{Fault::kFirstNameNull, Field::kFirstName, "required"},
    FaultSpec{Fault::kLastNameEmpty, Field::kLastName, "required"},
    FaultSpec{Fault::kLastNameNumber, Field::kLastName, "data_types"},
    FaultSpec{Fault::kPhoneNumber, Field::kPhone, "data_types"},
    FaultSpec{Fault::kDobNumber, Field::kDob, "data_types"},
};

// Each fails `^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$` for a different reason.
std::string malformed_email(std::string_view good, Rng* rng) {
  std::string local{good.substr(0, good.find('@'))};
  switch (rng->below(7)) {
    case 0:
      return local + "@example";  // no top-level domain
    case 1:
      return local + ".example.com";  // no @
    case 2:
      return local + "@@example.com";  // doubled @
    case 3:
      return local + "@example.c";  // one-letter TLD
    case 4:
      return std::string{good} + "\n";  // trailing newline from a CSV export
    case 5:
      return local + "@exämple.com";  // non-ASCII domain
    default: {
      // Appended rather than `" " + std::string{good}`: GCC 12 at -O3 sees a false overlap
      // (-Wrestrict) in the inlined insert-at-front of that operator+.
      std::string spaced(1, ' ');
      spaced += good;
      return spaced;  // leading space
    }
  }
}

// Dates as other systems write them; none matches the ISO-8601-with-millis pattern.
std::string other_date_format(std::string_view iso, Rng* rng) {
  // iso = "YYYY-MM-DDTHH:MM:SS.mmmZ"
  std::string y{iso.substr(0, 4)}, mo{iso.substr(5, 2)}, d{iso.substr(8, 2)};
  std::string time{iso.substr(11, 8)};
  switch (rng->below(5)) {
    case 0:
      return y + "-" + mo + "-" + d + " " + time;  // SQL style
    case 1:
      return d + "/" + mo + "/" + y;  // European
    case 2:
      return y + "-" + mo + "-" + d + "T" + time + "Z";  // no millis
    case 3:
      return y + "-" + mo + "-" + d + "T" + time + ".000+00:00";  // offset, not Z
    default:
      return y + "-" + mo + "-" + d;  // date only
  }
}

// 31 code points: letters (Latin or, half the time, Cyrillic, so bytes != code points)
// followed by the base username's digits.
std::string too_long_username(std::string_view base, Rng* rng) {
  std::string_view digits = base.substr(base.find_first_of("0123456789"));
  const char* letter = rng->chance(0.5) ? "ж" : "x";
  std::string out;
  for (size_t i = digits.size(); i < 31; ++i)
    out += letter;
  out += digits;
  return out;
}

int digits_at(std::string_view text, size_t pos, size_t count) {
  int value = 0;
  for (char c : text.substr(pos, count))
    value = value * 10 + (c - '0');
  return value;
}

int64_t epoch_ms_of(std::string_view iso) {
  // Roughly right is enough: this value only has to be a number.
  int y = digits_at(iso, 0, 4), mo = digits_at(iso, 5, 2), d = digits_at(iso, 8, 2);
  return ((static_cast<int64_t>(y - 1970) * 365 + int64_t{mo - 1} * 30 + d) * 86400LL) * 1000;
}

void set_absent(FieldEdit* edit) {
  edit->kind = FieldEdit::Kind::kAbsent;
}
void set_null(FieldEdit* edit) {
  edit->kind = FieldEdit::Kind::kNull;
}
void set_string(FieldEdit* edit, std::string text) {
  edit->kind = FieldEdit::Kind::kString;
  edit->text = std::move(text);
}
void set_integer(FieldEdit* edit, int64_t value) {
  edit->kind = FieldEdit::Kind::kInteger;
  edit->integer = value;
}

void apply(Fault fault, const FaultInputs& rec, uint64_t seed_hash, int64_t ordinal, Rng* rng,
           FaultOutcome* out) {
  RecordEdits& edits = out->edits;
  switch (fault) {
    case Fault::kEmailMalformed:
      set_string(&edits.email, malformed_email(rec.email, rng));
      break;
    case Fault::kEmailMissing:
      set_absent(&edits.email);
      break;
    case Fault::kEmailNull:
      set_null(&edits.email);
      break;
    case Fault::kEmailEmpty:
      set_string(&edits.email, "");
      break;
    case Fault::kEmailNumber:
      set_integer(&edits.email, 4155550100LL + rng->between(0, 9999));
      break;
    case Fault::kRegisteredOtherFormat:
      set_string(&edits.registered_date, other_date_format(rec.registered_date, rng));
      break;
    case Fault::kRegisteredMissing:
      if (rng->chance(0.5)) {
        edits.registered_absent = true;
      } else {
        set_absent(&edits.registered_date);
      }
      break;
    case Fault::kRegisteredEpochNumber:
      set_integer(&edits.registered_date, epoch_ms_of(rec.registered_date));
      break;
    case Fault::kGenderCapitalised: {
      static constexpr const char* kValues[] = {"Male", "Female", "M", "F", "unknown", "FEMALE"};
      set_string(&edits.gender, rng->pick(kValues));
      break;
    }
    case Fault::kGenderNumber:
      set_integer(&edits.gender, rng->between(0, 1));
      break;
    case Fault::kUsernameTooShort:
      set_string(&edits.username, std::string{rec.username.substr(0, 2)});
      break;
    case Fault::kUsernameTooLong:
      set_string(&edits.username, too_long_username(rec.username, rng));
      break;
    case Fault::kUsernameMissing:
      set_absent(&edits.username);
      break;
    case Fault::kUsernameNull:
      set_null(&edits.username);
      break;
    case Fault::kUsernameNumber:
      set_integer(&edits.username, 100000 + ordinal);
      break;
    case Fault::kUsernameReused: {
      // Mostly a recent record (a duplicate delivery nearby), sometimes one far back.
      int64_t window = rng->chance(0.8) ? 50 : 5000;
      int64_t earliest = std::max<int64_t>(0, ordinal - window);
      int64_t original = earliest + static_cast<int64_t>(rng->below(ordinal - earliest));
      set_string(&edits.username, base_username(seed_hash, original));
      out->reused_ordinal = original;
      break;
    }
    case Fault::kFirstNameMissing:
      set_absent(&edits.first_name);
      break;
    case Fault::kFirstNameNull:
      set_null(&edits.first_name);
      break;
    case Fault::kLastNameEmpty:
      set_string(&edits.last_name, "");
      break;
    case Fault::kLastNameNumber:
      set_integer(&edits.last_name, rng->between(1, 99));
      break;
    case Fault::kPhoneNumber:
      set_integer(&edits.phone, 5550000000LL + rng->between(0, 999999));
      break;
    case Fault::kDobNumber:
      set_integer(&edits.dob_date, rng->between(1940, 2005));
      break;
  }
}

}  // namespace

FaultOutcome break_record(const FaultInputs& record, uint64_t seed_hash, int64_t ordinal,
                          Rng* rng) {
  FaultOutcome out;
  double roll = rng->unit();
  int wanted = roll < 0.7 ? 1 : (roll < 0.92 ? 2 : 3);
  std::vector<Field> used;
  // Bounded tries: with 8 fields, 3 distinct ones are found quickly.
  for (int tries = 0; tries < 32 && static_cast<int>(used.size()) < wanted; ++tries) {
    const FaultSpec& spec = kFaults[rng->below(kFaults.size())];
    if (std::find(used.begin(), used.end(), spec.field) != used.end()) continue;
    if (spec.fault == Fault::kUsernameReused && ordinal == 0) continue;
    used.push_back(spec.field);
    apply(spec.fault, record, seed_hash, ordinal, rng, &out);
    if (spec.rule != nullptr) out.broken.emplace_back(spec.rule);
  }
  return out;
}

}  // namespace sluice::mock
