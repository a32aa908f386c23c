// The nationalities the mock API draws people from, with names in their own scripts (the real
// API answers in Persian for IR, Cyrillic for UA and RS, Devanagari for IN) and the
// per-country shapes of postcodes, phones and ids. Static data; safe to share between threads.
#pragma once

#include <span>

namespace sluice::mock {

// A name as shown (`native`) and as the real API spells it in email addresses (`latin`).
struct Name {
  const char* native;
  const char* latin;
};

enum class PostcodeStyle {
  kNumber,    // digits given by `postcode_digits`, sent as a JSON number
  kBritish,   // "EC1 2AB"-like string
  kCanadian,  // "K1A 0B1"-like string
  kDutch,     // "1234 AB"-like string
};

struct Nationality {
  const char* code;  // the `nat` field
  const char* country;
  std::span<const Name> male;
  std::span<const Name> female;
  std::span<const Name> last;
  std::span<const char* const> cities;
  std::span<const char* const> states;
  std::span<const char* const> streets;
  PostcodeStyle postcode;
  int postcode_digits;
  const char* phone_pattern;  // '#' is a digit
  const char* id_name;        // "" with a null value, as the real API does for some countries
  const char* id_pattern;     // '#' digit, 'A' capital letter
};

std::span<const Nationality> nationalities();

struct Timezone {
  const char* offset;
  const char* description;
};
std::span<const Timezone> timezones();

// Username parts: the real API's usernames are an adjective, an animal and digits.
std::span<const char* const> username_adjectives();
std::span<const char* const> username_animals();
std::span<const char* const> passwords();

}  // namespace sluice::mock
