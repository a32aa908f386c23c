#include "mock/profile_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "mock/nationalities.h"
#include "mock/record_faults.h"
#include "mock/rng.h"
#include "mock/username.h"

namespace sluice::mock {
namespace {

using Json = nlohmann::ordered_json;  // keeps the real API's field order

// Ages are computed against a fixed day, not today, so pages stay reproducible over time.
constexpr std::chrono::year_month_day kReferenceDay{std::chrono::year{2024} / 6 / 1};

// Rule order of design.md section 4, for ordering RecordExpectation::broken.
constexpr const char* kRuleOrder[] = {"required",    "data_types",    "email_format",
                                      "date_format", "gender_values", "username_length"};

std::string fill_pattern(const char* pattern, Rng* rng) {
  std::string out;
  for (const char* p = pattern; *p != '\0'; ++p) {
    if (*p == '#') {
      out += static_cast<char>('0' + rng->below(10));
    } else if (*p == 'A') {
      out += static_cast<char>('A' + rng->below(26));
    } else {
      out += *p;
    }
  }
  return out;
}

std::string hex(Rng* rng, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < digits; ++i)
    out += kHex[rng->below(16)];
  return out;
}

std::string uuid_v4(Rng* rng) {
  std::string h = hex(rng, 32);
  h[12] = '4';
  h[16] = "89ab"[rng->below(4)];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

// {"date": "YYYY-MM-DDTHH:MM:SS.mmmZ", "age": N} for a day between the two years.
Json dated(Rng* rng, int from_year, int to_year) {
  using namespace std::chrono;
  sys_days first{year{from_year} / 1 / 1};
  sys_days last{year{to_year} / 12 / 31};
  sys_days day = first + days{static_cast<int>(rng->below((last - first).count() + 1))};
  year_month_day ymd{day};
  int age = static_cast<int>((kReferenceDay.year() - ymd.year()).count());
  if (year_month_day{ymd.year() + years{age}, ymd.month(), ymd.day()} > kReferenceDay) --age;
  std::string date =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  rng->below(24), rng->below(60), rng->below(60), rng->below(1000));
  return Json{{"date", std::move(date)}, {"age", age}};
}

Json postcode(const Nationality& nat, Rng* rng) {
  auto letter = [&] { return static_cast<char>('A' + rng->below(26)); };
  auto digit = [&] { return static_cast<char>('0' + rng->below(10)); };
  switch (nat.postcode) {
    case PostcodeStyle::kNumber: {
      int64_t low = 1;
      for (int i = 1; i < nat.postcode_digits; ++i)
        low *= 10;
      return low + static_cast<int64_t>(rng->below(static_cast<uint64_t>(low * 9)));
    }
    case PostcodeStyle::kBritish:
      return std::string{letter(), letter(), digit(), ' ', digit(), letter(), letter()};
    case PostcodeStyle::kCanadian:
      return std::string{letter(), digit(), letter(), ' ', digit(), letter(), digit()};
    case PostcodeStyle::kDutch:
      return fmt::format("{} {}{}", rng->between(1000, 9999), letter(), letter());
  }
  return nullptr;
}

std::string coordinate(Rng* rng, int limit) {
  double v = (rng->unit() * 2 - 1) * limit;
  return fmt::format("{:.4f}", v);
}

Json person(uint64_t seed_hash, int64_t ordinal) {
  Rng rng(mix(seed_hash, static_cast<uint64_t>(ordinal)));
  auto nats = nationalities();
  const Nationality& nat = nats[rng.below(nats.size())];
  bool male = rng.chance(0.5);
  auto firsts = male ? nat.male : nat.female;
  const Name& first = firsts[rng.below(firsts.size())];
  const Name& last = nat.last[rng.below(nat.last.size())];
  static constexpr const char* kFemaleTitles[] = {"Ms", "Miss", "Mrs", "Madame"};
  const char* title = male ? "Mr" : rng.pick(kFemaleTitles);
  auto zones = timezones();
  const Timezone& zone = zones[rng.below(zones.size())];
  auto pw = passwords();

  Json location = {
      {"street",
       {{"number", rng.between(1, 9999)}, {"name", nat.streets[rng.below(nat.streets.size())]}}},
      {"city", nat.cities[rng.below(nat.cities.size())]},
      {"state", nat.states[rng.below(nat.states.size())]},
      {"country", nat.country},
      {"postcode", postcode(nat, &rng)},
      {"coordinates", {{"latitude", coordinate(&rng, 90)}, {"longitude", coordinate(&rng, 180)}}},
      {"timezone", {{"offset", zone.offset}, {"description", zone.description}}}};
  Json login = {{"uuid", uuid_v4(&rng)},
                {"username", base_username(seed_hash, ordinal)},
                {"password", pw[rng.below(pw.size())]},
                {"salt", hex(&rng, 8)},
                {"md5", hex(&rng, 32)},
                {"sha1", hex(&rng, 40)},
                {"sha256", hex(&rng, 64)}};
  Json id = {{"name", nat.id_name}, {"value", nullptr}};
  if (nat.id_pattern[0] != '\0') id["value"] = fill_pattern(nat.id_pattern, &rng);
  int portrait = rng.between(0, 99);
  const char* folder = male ? "men" : "women";
  Json picture = {
      {"large", fmt::format("https://randomuser.me/api/portraits/{}/{}.jpg", folder, portrait)},
      {"medium",
       fmt::format("https://randomuser.me/api/portraits/med/{}/{}.jpg", folder, portrait)},
      {"thumbnail",
       fmt::format("https://randomuser.me/api/portraits/thumb/{}/{}.jpg", folder, portrait)}};

  return Json{{"gender", male ? "male" : "female"},
              {"name", {{"title", title}, {"first", first.native}, {"last", last.native}}},
              {"location", std::move(location)},
              {"email", fmt::format("{}.{}@example.com", first.latin, last.latin)},
              {"login", std::move(login)},
              {"dob", dated(&rng, 1945, 2003)},
              {"registered", dated(&rng, 2002, 2022)},
              {"phone", fill_pattern(nat.phone_pattern, &rng)},
              {"cell", fill_pattern(nat.phone_pattern, &rng)},
              {"id", std::move(id)},
              {"picture", std::move(picture)},
              {"nat", nat.code}};
}

std::vector<std::string> in_rule_order(std::vector<std::string> broken) {
  std::vector<std::string> out;
  for (const char* rule : kRuleOrder) {
    if (std::find(broken.begin(), broken.end(), rule) != broken.end()) out.emplace_back(rule);
  }
  return out;
}

// One record and what was done to it.
Json record_at(const PageRequest& request, uint64_t seed_hash, int index, RecordExpectation* exp) {
  int64_t ordinal = (request.page - 1) * request.results + index;
  Json rec = person(seed_hash, ordinal);
  exp->index = index;
  // A separate stream decides the faults, so raising the rate leaves other records unchanged.
  Rng fault_rng(mix(seed_hash ^ 0x6661756c74ULL, static_cast<uint64_t>(ordinal)));
  if (fault_rng.unit() < request.invalid_rate) {
    FaultOutcome outcome = break_record(&rec, seed_hash, ordinal, &fault_rng);
    exp->broken = in_rule_order(std::move(outcome.broken));
    if (outcome.reused_ordinal) {
      int64_t original = *outcome.reused_ordinal;
      exp->reuses = ReusedUsername{rec["login"]["username"].get<std::string>(),
                                   original / request.results + 1, original % request.results};
    }
  }
  auto login = rec.find("login");
  if (login != rec.end()) {
    auto username = login->find("username");
    if (username != login->end() && username->is_string()) exp->username = *username;
  }
  return rec;
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
  Json results = Json::array();
  for (int i = 0; i < request.results; ++i) {
    results.push_back(record_at(request, seed_hash, i, &page.expectations[i]));
  }
  Json body = {{"results", std::move(results)},
               {"info",
                {{"seed", request.seed},
                 {"results", request.results},
                 {"page", request.page},
                 {"version", kApiVersion}}}};
  page.body = body.dump();
  return page;
}

std::vector<std::string> generate_records(const PageRequest& request) {
  uint64_t seed_hash = hash_text(request.seed);
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(request.results));
  RecordExpectation unused;
  for (int i = 0; i < request.results; ++i) {
    out.push_back(record_at(request, seed_hash, i, &unused).dump());
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
  return hex(&rng, 16);
}

}  // namespace sluice::mock
