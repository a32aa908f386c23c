#include "mock/profile_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "mock/json_writer.h"
#include "mock/nationalities.h"
#include "mock/record_faults.h"
#include "mock/rng.h"
#include "mock/username.h"

namespace sluice::mock {
namespace {

using Json = nlohmann::ordered_json;  // keeps the field order of the small documents

// Ages are computed against a fixed day, not today, so pages stay reproducible over time.
constexpr std::chrono::year_month_day kReferenceDay{std::chrono::year{2024} / 6 / 1};

// Rule order of the shipped rule set (docs/architecture.md, "Data quality"), for ordering
// RecordExpectation::broken.
constexpr const char* kRuleOrder[] = {"required",    "data_types",    "email_format",
                                      "date_format", "gender_values", "username_length"};

// Text of bounded length held inline, so a record's generated values cost no allocation. The
// bounds are far above what the static tables produce; exceeding one is a bug in those tables.
template <size_t N>
class FixedText {
 public:
  void push(char c) {
    if (size_ == N) throw std::length_error("mock generator: field longer than its buffer");
    data_[size_++] = c;
  }
  void append(std::string_view text) {
    if (text.size() > N - size_) {
      throw std::length_error("mock generator: field longer than its buffer");
    }
    std::memcpy(data_ + size_, text.data(), text.size());
    size_ += text.size();
  }
  void append(int64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    append(std::string_view(digits, static_cast<size_t>(end - digits)));
  }
  std::string_view view() const { return {data_, size_}; }

 private:
  char data_[N];
  size_t size_ = 0;
};

// '#' a digit, 'A' a capital letter, anything else as is.
template <size_t N>
void fill_pattern(const char* pattern, Rng* rng, FixedText<N>* out) {
  for (const char* p = pattern; *p != '\0'; ++p) {
    if (*p == '#') {
      out->push(static_cast<char>('0' + rng->below(10)));
    } else if (*p == 'A') {
      out->push(static_cast<char>('A' + rng->below(26)));
    } else {
      out->push(*p);
    }
  }
}

constexpr char kHexDigits[] = "0123456789abcdef";

void fill_hex(Rng* rng, char* out, int digits) {
  for (int i = 0; i < digits; ++i)
    out[i] = kHexDigits[rng->below(16)];
}

// 8-4-4-4-12 lowercase hex, version 4, RFC 4122 variant.
void fill_uuid_v4(Rng* rng, char (&out)[36]) {
  char h[32];
  fill_hex(rng, h, 32);
  h[12] = '4';
  h[16] = "89ab"[rng->below(4)];
  char* o = out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) *o++ = '-';
    *o++ = h[i];
  }
}

void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// A day between two years as "YYYY-MM-DDTHH:MM:SS.mmmZ", with the age on kReferenceDay.
struct Dated {
  char date[24];
  int age = 0;
  std::string_view view() const { return {date, sizeof date}; }
};

void fill_dated(Rng* rng, int from_year, int to_year, Dated* out) {
  using namespace std::chrono;
  sys_days first{year{from_year} / 1 / 1};
  sys_days last{year{to_year} / 12 / 31};
  sys_days day = first + days{static_cast<int>(rng->below((last - first).count() + 1))};
  year_month_day ymd{day};
  int age = static_cast<int>((kReferenceDay.year() - ymd.year()).count());
  if (year_month_day{ymd.year() + years{age}, ymd.month(), ymd.day()} > kReferenceDay) --age;
  out->age = age;
  // Drawn in their own statements because argument order is unspecified; this is the order
  // GCC used when they were format arguments, so existing pages keep their bytes.
  auto milli = static_cast<unsigned>(rng->below(1000));
  auto second = static_cast<unsigned>(rng->below(60));
  auto minute = static_cast<unsigned>(rng->below(60));
  auto hour = static_cast<unsigned>(rng->below(24));
  char* d = out->date;
  put_digits(d, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  d[4] = '-';
  put_digits(d + 5, static_cast<unsigned>(ymd.month()), 2);
  d[7] = '-';
  put_digits(d + 8, static_cast<unsigned>(ymd.day()), 2);
  d[10] = 'T';
  put_digits(d + 11, hour, 2);
  d[13] = ':';
  put_digits(d + 14, minute, 2);
  d[16] = ':';
  put_digits(d + 17, second, 2);
  d[19] = '.';
  put_digits(d + 20, milli, 3);
  d[23] = 'Z';
}

// A JSON number for most countries, a string for a few, as in the real API.
struct Postcode {
  bool is_number = true;
  int64_t number = 0;
  FixedText<16> text;
};

void fill_postcode(const Nationality& nat, Rng* rng, Postcode* out) {
  out->is_number = nat.postcode == PostcodeStyle::kNumber;
  switch (nat.postcode) {
    case PostcodeStyle::kNumber: {
      int64_t low = 1;
      for (int i = 1; i < nat.postcode_digits; ++i)
        low *= 10;
      out->number = low + static_cast<int64_t>(rng->below(static_cast<uint64_t>(low * 9)));
      return;
    }
    case PostcodeStyle::kBritish:
      fill_pattern("AA# #AA", rng, &out->text);
      return;
    case PostcodeStyle::kCanadian:
      fill_pattern("A#A #A#", rng, &out->text);
      return;
    case PostcodeStyle::kDutch: {
      // "1234 AB", drawn B, A, then the number (see fill_dated on why this order).
      char second = static_cast<char>('A' + rng->below(26));
      char first = static_cast<char>('A' + rng->below(26));
      out->text.append(int64_t{rng->between(1000, 9999)});
      out->text.push(' ');
      out->text.push(first);
      out->text.push(second);
      return;
    }
  }
}

void fill_coordinate(Rng* rng, int limit, FixedText<16>* out) {
  double v = (rng->unit() * 2 - 1) * limit;
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 4).ptr;
  out->append(std::string_view(buf, static_cast<size_t>(end - buf)));
}

// Everything one person is made of, drawn before anything is written: the faults need some of
// the values (email, username, registered date), and the draw order differs from the field order.
struct Person {
  const Nationality* nat = nullptr;
  bool male = false;
  const Name* first = nullptr;
  const Name* last = nullptr;
  const char* title = nullptr;
  const Timezone* zone = nullptr;
  int street_number = 0;
  const char* street = nullptr;
  const char* city = nullptr;
  const char* state = nullptr;
  Postcode postcode;
  FixedText<16> latitude, longitude;
  FixedText<96> email;
  char uuid[36];
  std::string username;
  const char* password = nullptr;
  char salt[8], md5[32], sha1[40], sha256[64];
  bool has_id_value = false;
  FixedText<40> id_value;
  int portrait = 0;
  Dated dob, registered;
  FixedText<40> phone, cell;
};

// Draws in the same order as the generator always has, so clean records keep their bytes.
void fill_person(uint64_t seed_hash, int64_t ordinal, Person* p) {
  Rng rng(mix(seed_hash, static_cast<uint64_t>(ordinal)));
  auto nats = nationalities();
  const Nationality& nat = nats[rng.below(nats.size())];
  p->nat = &nat;
  p->male = rng.chance(0.5);
  auto firsts = p->male ? nat.male : nat.female;
  p->first = &firsts[rng.below(firsts.size())];
  p->last = &nat.last[rng.below(nat.last.size())];
  static constexpr const char* kFemaleTitles[] = {"Ms", "Miss", "Mrs", "Madame"};
  p->title = p->male ? "Mr" : rng.pick(kFemaleTitles);
  auto zones = timezones();
  p->zone = &zones[rng.below(zones.size())];

  p->street_number = rng.between(1, 9999);
  p->street = nat.streets[rng.below(nat.streets.size())];
  p->city = nat.cities[rng.below(nat.cities.size())];
  p->state = nat.states[rng.below(nat.states.size())];
  fill_postcode(nat, &rng, &p->postcode);
  fill_coordinate(&rng, 90, &p->latitude);
  fill_coordinate(&rng, 180, &p->longitude);

  p->email.append(p->first->latin);
  p->email.push('.');
  p->email.append(p->last->latin);
  p->email.append("@example.com");

  fill_uuid_v4(&rng, p->uuid);
  p->username = base_username(seed_hash, ordinal);
  auto pw = passwords();
  p->password = pw[rng.below(pw.size())];
  fill_hex(&rng, p->salt, sizeof p->salt);
  fill_hex(&rng, p->md5, sizeof p->md5);
  fill_hex(&rng, p->sha1, sizeof p->sha1);
  fill_hex(&rng, p->sha256, sizeof p->sha256);

  p->has_id_value = nat.id_pattern[0] != '\0';
  if (p->has_id_value) fill_pattern(nat.id_pattern, &rng, &p->id_value);
  p->portrait = rng.between(0, 99);
  fill_dated(&rng, 1945, 2003, &p->dob);
  fill_dated(&rng, 2002, 2022, &p->registered);
  fill_pattern(nat.phone_pattern, &rng, &p->phone);
  fill_pattern(nat.phone_pattern, &rng, &p->cell);
}

// The generated value under `name`, unless a fault replaced or removed it.
template <size_t N>
void write_field(JsonWriter* w, const char (&name)[N], const FieldEdit& edit,
                 std::string_view generated) {
  switch (edit.kind) {
    case FieldEdit::Kind::kKeep:
      w->key(name);
      w->string(generated);
      return;
    case FieldEdit::Kind::kAbsent:
      return;
    case FieldEdit::Kind::kNull:
      w->key(name);
      w->null();
      return;
    case FieldEdit::Kind::kString:
      w->key(name);
      w->string(edit.text);
      return;
    case FieldEdit::Kind::kInteger:
      w->key(name);
      w->integer(edit.integer);
      return;
  }
}

template <size_t N>
void write_picture_url(JsonWriter* w, const char (&name)[N], std::string_view size_dir,
                       const Person& p) {
  FixedText<64> url;
  url.append("https://randomuser.me/api/portraits/");
  url.append(size_dir);
  url.append(p.male ? "men/" : "women/");
  url.append(int64_t{p.portrait});
  url.append(".jpg");
  w->key(name);
  w->plain_string(url.view());
}

// The record in the real API's field order (docs/architecture.md, "Records and schema"), with the
// faults' edits.
void write_person(const Person& p, const RecordEdits& edits, JsonWriter* w) {
  w->begin_object();
  write_field(w, "gender", edits.gender, p.male ? "male" : "female");

  w->key("name");
  w->begin_object();
  w->key("title");
  w->string(p.title);
  write_field(w, "first", edits.first_name, p.first->native);
  write_field(w, "last", edits.last_name, p.last->native);
  w->end_object();

  w->key("location");
  w->begin_object();
  w->key("street");
  w->begin_object();
  w->key("number");
  w->integer(p.street_number);
  w->key("name");
  w->string(p.street);
  w->end_object();
  w->key("city");
  w->string(p.city);
  w->key("state");
  w->string(p.state);
  w->key("country");
  w->string(p.nat->country);
  w->key("postcode");
  if (p.postcode.is_number) {
    w->integer(p.postcode.number);
  } else {
    w->plain_string(p.postcode.text.view());
  }
  w->key("coordinates");
  w->begin_object();
  w->key("latitude");
  w->plain_string(p.latitude.view());
  w->key("longitude");
  w->plain_string(p.longitude.view());
  w->end_object();
  w->key("timezone");
  w->begin_object();
  w->key("offset");
  w->string(p.zone->offset);
  w->key("description");
  w->string(p.zone->description);
  w->end_object();
  w->end_object();

  write_field(w, "email", edits.email, p.email.view());

  w->key("login");
  w->begin_object();
  w->key("uuid");
  w->plain_string(std::string_view(p.uuid, sizeof p.uuid));
  write_field(w, "username", edits.username, p.username);
  w->key("password");
  w->string(p.password);
  w->key("salt");
  w->plain_string(std::string_view(p.salt, sizeof p.salt));
  w->key("md5");
  w->plain_string(std::string_view(p.md5, sizeof p.md5));
  w->key("sha1");
  w->plain_string(std::string_view(p.sha1, sizeof p.sha1));
  w->key("sha256");
  w->plain_string(std::string_view(p.sha256, sizeof p.sha256));
  w->end_object();

  w->key("dob");
  w->begin_object();
  write_field(w, "date", edits.dob_date, p.dob.view());
  w->key("age");
  w->integer(p.dob.age);
  w->end_object();

  if (!edits.registered_absent) {
    w->key("registered");
    w->begin_object();
    write_field(w, "date", edits.registered_date, p.registered.view());
    w->key("age");
    w->integer(p.registered.age);
    w->end_object();
  }

  write_field(w, "phone", edits.phone, p.phone.view());
  w->key("cell");
  w->string(p.cell.view());

  w->key("id");
  w->begin_object();
  w->key("name");
  w->string(p.nat->id_name);
  w->key("value");
  if (p.has_id_value) {
    w->string(p.id_value.view());
  } else {
    w->null();
  }
  w->end_object();

  w->key("picture");
  w->begin_object();
  write_picture_url(w, "large", "", p);
  write_picture_url(w, "medium", "med/", p);
  write_picture_url(w, "thumbnail", "thumb/", p);
  w->end_object();

  w->key("nat");
  w->string(p.nat->code);
  w->end_object();
}

std::vector<std::string> in_rule_order(std::vector<std::string> broken) {
  std::vector<std::string> out;
  for (const char* rule : kRuleOrder) {
    if (std::find(broken.begin(), broken.end(), rule) != broken.end()) out.emplace_back(rule);
  }
  return out;
}

// Writes one record and notes what was done to it.
void write_record_at(const PageRequest& request, uint64_t seed_hash, int index,
                     RecordExpectation* exp, JsonWriter* w) {
  static const RecordEdits kUnbroken;
  int64_t ordinal = (request.page - 1) * request.results + index;
  Person person;
  fill_person(seed_hash, ordinal, &person);
  exp->index = index;
  // A separate stream decides the faults, so raising the rate leaves other records unchanged.
  Rng fault_rng(mix(seed_hash ^ 0x6661756c74ULL, static_cast<uint64_t>(ordinal)));
  if (!(fault_rng.unit() < request.invalid_rate)) {
    write_person(person, kUnbroken, w);
    exp->username = std::move(person.username);
    return;
  }
  FaultOutcome outcome =
      break_record(FaultInputs{person.email.view(), person.username, person.registered.view()},
                   seed_hash, ordinal, &fault_rng);
  write_person(person, outcome.edits, w);
  exp->broken = in_rule_order(std::move(outcome.broken));
  const FieldEdit& username = outcome.edits.username;
  if (username.kind == FieldEdit::Kind::kKeep) exp->username = std::move(person.username);
  if (username.kind == FieldEdit::Kind::kString) exp->username = username.text;
  if (outcome.reused_ordinal) {
    int64_t original = *outcome.reused_ordinal;
    exp->reuses =
        ReusedUsername{username.text, original / request.results + 1, original % request.results};
  }
}

}  // namespace

Status validate(const PageRequest& request) {
  if (request.results < 1 || request.results > kMaxResults) {
    return Status::invalid_argument(
        fmt::format("results must be between 1 and {}, got {}", kMaxResults, request.results));
  }
  if (request.page < 1) {
    return Status::invalid_argument(fmt::format("page must be 1 or more, got {}", request.page));
  }
  if (!(request.invalid_rate >= 0 && request.invalid_rate <= 1)) {
    return Status::invalid_argument("invalid rate must be between 0 and 1");
  }
  return Status::ok_status();
}

GeneratedPage generate_page(const PageRequest& request) {
  uint64_t seed_hash = hash_text(request.seed);
  GeneratedPage page;
  page.expectations.resize(static_cast<size_t>(request.results));
  // Records run ~1.1 KB; one reservation avoids regrowing a multi-megabyte body.
  page.body.reserve(static_cast<size_t>(request.results) * 1280 + 256);
  JsonWriter w(&page.body);
  w.begin_object();
  w.key("results");
  w.begin_array();
  for (int i = 0; i < request.results; ++i) {
    write_record_at(request, seed_hash, i, &page.expectations[i], &w);
  }
  w.end_array();
  // The seed is free text from the query: nlohmann's escaping (and its refusal of invalid
  // UTF-8) keeps it exactly as /debug/expectations writes it.
  Json info = {{"seed", request.seed},
               {"results", request.results},
               {"page", request.page},
               {"version", kApiVersion}};
  w.key("info");
  w.raw(info.dump());
  w.end_object();
  w.finish();
  return page;
}

std::vector<std::string> generate_records(const PageRequest& request) {
  uint64_t seed_hash = hash_text(request.seed);
  std::vector<std::string> out(static_cast<size_t>(request.results));
  RecordExpectation unused;
  for (int i = 0; i < request.results; ++i) {
    out[i].reserve(1280);
    JsonWriter w(&out[i]);
    write_record_at(request, seed_hash, i, &unused, &w);
    w.finish();
    unused = {};
  }
  return out;
}

std::string expectations_json(const PageRequest& request,
                              const std::vector<RecordExpectation>& expectations) {
  Json records = Json::array();
  for (const auto& e : expectations) {
    Json reuses = nullptr;
    if (e.reuses) {
      reuses = {
          {"username", e.reuses->username}, {"page", e.reuses->page}, {"index", e.reuses->index}};
    }
    records.push_back({{"index", e.index},
                       {"username", e.username ? Json(*e.username) : Json(nullptr)},
                       {"broken", e.broken},
                       {"reuses", std::move(reuses)}});
  }
  Json body = {{"seed", request.seed},
               {"page", request.page},
               {"results", request.results},
               {"invalid_rate", request.invalid_rate},
               {"records", std::move(records)}};
  return body.dump();
}

std::string random_seed_text(uint64_t entropy) {
  Rng rng(entropy);
  std::string seed(16, '0');
  fill_hex(&rng, seed.data(), 16);
  return seed;
}

}  // namespace sluice::mock
