#include "mock/profile_generator.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

namespace sluice::mock {
namespace {

using Json = nlohmann::json;

PageRequest request(std::string seed, int64_t page, int results, double invalid_rate = 0) {
  PageRequest r;
  r.seed = std::move(seed);
  r.page = page;
  r.results = results;
  r.invalid_rate = invalid_rate;
  return r;
}

TEST(ProfileGenerator, SameSeedAndPageGiveTheSameBytes) {
  auto a = generate_page(request("sluice", 3, 50, 0.2));
  auto b = generate_page(request("sluice", 3, 50, 0.2));
  EXPECT_EQ(a.body, b.body);
  auto other_seed = generate_page(request("other", 3, 50, 0.2));
  EXPECT_NE(a.body, other_seed.body);
  auto other_page = generate_page(request("sluice", 4, 50, 0.2));
  EXPECT_NE(a.body, other_page.body);
}

TEST(ProfileGenerator, PagesOfOneSizeTileTheSameSequence) {
  auto big = generate_records(request("tile", 1, 10));
  auto second_half = generate_records(request("tile", 2, 5));
  ASSERT_EQ(big.size(), 10u);
  ASSERT_EQ(second_half.size(), 5u);
  for (size_t i = 0; i < 5; ++i)
    EXPECT_EQ(big[5 + i], second_half[i]);
}

TEST(ProfileGenerator, ResponseHasTheRandomUserShape) {
  auto page = generate_page(request("shape", 2, 20));
  Json body = Json::parse(page.body);
  ASSERT_TRUE(body["results"].is_array());
  EXPECT_EQ(body["results"].size(), 20u);
  EXPECT_EQ(body["info"]["seed"], "shape");
  EXPECT_EQ(body["info"]["results"], 20);
  EXPECT_EQ(body["info"]["page"], 2);
  EXPECT_EQ(body["info"]["version"], "1.4");
  for (const Json& r : body["results"]) {
    for (const char* key : {"gender", "name", "location", "email", "login", "dob", "registered",
                            "phone", "cell", "id", "picture", "nat"}) {
      EXPECT_TRUE(r.contains(key)) << key << " missing in " << r.dump();
    }
    for (const char* key : {"title", "first", "last"})
      EXPECT_TRUE(r["name"][key].is_string());
    const Json& loc = r["location"];
    EXPECT_TRUE(loc["street"]["number"].is_number_integer());
    EXPECT_TRUE(loc["street"]["name"].is_string());
    EXPECT_TRUE(loc["postcode"].is_string() || loc["postcode"].is_number_integer());
    EXPECT_TRUE(loc["coordinates"]["latitude"].is_string());
    EXPECT_TRUE(loc["timezone"]["offset"].is_string());
    for (const char* key : {"uuid", "username", "password", "salt", "md5", "sha1", "sha256"}) {
      EXPECT_TRUE(r["login"][key].is_string()) << key;
    }
    EXPECT_EQ(r["login"]["md5"].get<std::string>().size(), 32u);
    EXPECT_EQ(r["login"]["sha256"].get<std::string>().size(), 64u);
    EXPECT_TRUE(r["dob"]["age"].is_number_integer());
    EXPECT_EQ(r["registered"]["date"].get<std::string>().size(), 24u);  // ...T..:..:...mmmZ
    EXPECT_TRUE(r["picture"]["medium"].get<std::string>().starts_with("https://"));
  }
}

TEST(ProfileGenerator, PostcodesAreNumbersForSomeNationalitiesAndStringsForOthers) {
  Json body = Json::parse(generate_page(request("postcodes", 1, 400)).body);
  std::set<std::string> numeric, textual;
  for (const Json& r : body["results"]) {
    (r["location"]["postcode"].is_string() ? textual : numeric).insert(r["nat"]);
  }
  EXPECT_TRUE(numeric.count("US"));
  EXPECT_TRUE(textual.count("GB"));
  EXPECT_TRUE(textual.count("CA"));
  EXPECT_FALSE(numeric.count("GB"));
}

TEST(ProfileGenerator, NamesComeInSeveralScripts) {
  Json body = Json::parse(generate_page(request("scripts", 1, 400)).body);
  bool persian = false, cyrillic = false, devanagari = false;
  for (const Json& r : body["results"]) {
    std::string first = r["name"]["first"];
    auto lead = static_cast<unsigned char>(first[0]);
    if (r["nat"] == "IR") persian |= lead == 0xD8 || lead == 0xD9 || lead == 0xDB;  // U+06xx
    if (r["nat"] == "UA") cyrillic |= lead == 0xD0 || lead == 0xD1;                 // U+04xx
    if (r["nat"] == "IN") devanagari |= lead == 0xE0;                               // U+09xx
  }
  EXPECT_TRUE(persian);
  EXPECT_TRUE(cyrillic);
  EXPECT_TRUE(devanagari);
}

TEST(ProfileGenerator, UsernamesAreUniqueAcrossPagesWithoutFaults) {
  std::set<std::string> seen;
  for (int page = 1; page <= 20; ++page) {
    for (const auto& e : generate_page(request("unique", page, 250)).expectations) {
      ASSERT_TRUE(e.username.has_value());
      EXPECT_TRUE(seen.insert(*e.username).second) << *e.username << " on page " << page;
      EXPECT_GE(e.username->size(), 3u);
      EXPECT_LE(e.username->size(), 30u);
      EXPECT_TRUE(e.broken.empty());
    }
  }
}

TEST(ProfileGenerator, OnlyDeliberateReusesRepeatAUsername) {
  std::map<std::string, int64_t> first_seen;  // username -> ordinal
  const int kResults = 200;
  int reuses = 0;
  for (int page = 1; page <= 10; ++page) {
    for (const auto& e : generate_page(request("reuse", page, kResults, 0.3)).expectations) {
      int64_t ordinal = (page - 1) * kResults + e.index;
      if (e.reuses) {
        ++reuses;
        ASSERT_TRUE(e.username.has_value());
        EXPECT_EQ(*e.username, e.reuses->username);
        EXPECT_LT((e.reuses->page - 1) * kResults + e.reuses->index, ordinal);
        continue;
      }
      if (!e.username || e.username->size() < 3 || e.username->size() > 30) continue;
      EXPECT_TRUE(first_seen.emplace(*e.username, ordinal).second)
          << *e.username << " repeated without a reuse fault";
    }
  }
  EXPECT_GT(reuses, 0);
}

TEST(ProfileGenerator, InvalidRateBreaksAboutThatShareAndLeavesTheRestAlone) {
  auto clean = generate_records(request("rate", 1, 1000, 0));
  auto page = generate_page(request("rate", 1, 1000, 0.2));
  auto dirty = generate_records(request("rate", 1, 1000, 0.2));
  int broken = 0;
  for (size_t i = 0; i < dirty.size(); ++i) {
    const auto& e = page.expectations[i];
    bool touched = !e.broken.empty() || e.reuses.has_value();
    broken += touched ? 1 : 0;
    if (!touched) {
      EXPECT_EQ(clean[i], dirty[i]);
    }
  }
  EXPECT_GT(broken, 120);
  EXPECT_LT(broken, 280);
}

TEST(ProfileGenerator, BrokenRulesMatchWhatWasDoneToTheRecord) {
  auto page = generate_page(request("faults", 1, 2000, 1.0));
  Json body = Json::parse(page.body);
  std::set<std::string> seen_rules;
  for (size_t i = 0; i < page.expectations.size(); ++i) {
    const auto& e = page.expectations[i];
    const Json& r = body["results"][i];
    for (const auto& rule : e.broken)
      seen_rules.insert(rule);
    const Json* username =
        r.contains("login") && r["login"].contains("username") ? &r["login"]["username"] : nullptr;
    if (username == nullptr || username->is_null()) {
      EXPECT_FALSE(e.username.has_value());
      EXPECT_NE(std::find(e.broken.begin(), e.broken.end(), "required"), e.broken.end());
    } else if (username->is_number()) {
      EXPECT_FALSE(e.username.has_value());
      EXPECT_NE(std::find(e.broken.begin(), e.broken.end(), "data_types"), e.broken.end());
    } else {
      EXPECT_EQ(*e.username, username->get<std::string>());
    }
    if (r.contains("gender") && r["gender"].is_string()) {
      std::string g = r["gender"];
      bool bad = g != "male" && g != "female";
      EXPECT_EQ(bad,
                std::find(e.broken.begin(), e.broken.end(), "gender_values") != e.broken.end());
    }
  }
  EXPECT_EQ(seen_rules, (std::set<std::string>{"required", "data_types", "email_format",
                                               "date_format", "gender_values", "username_length"}));
}

TEST(ProfileGenerator, ValidateRejectsWhatTheRealApiRejects) {
  EXPECT_TRUE(validate(request("s", 1, 1)).ok());
  EXPECT_TRUE(validate(request("s", 1, kMaxResults)).ok());
  EXPECT_EQ(validate(request("s", 1, 0)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(validate(request("s", 1, kMaxResults + 1)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(validate(request("s", 0, 10)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(validate(request("s", 1, 10, 1.5)).code(), StatusCode::kInvalidArgument);
}

TEST(ProfileGenerator, ExpectationsJsonListsEveryRecord) {
  auto req = request("exp", 2, 30, 0.5);
  auto page = generate_page(req);
  Json exp = Json::parse(expectations_json(req, page.expectations));
  ASSERT_EQ(exp["records"].size(), 30u);
  EXPECT_EQ(exp["page"], 2);
  for (size_t i = 0; i < 30; ++i) {
    EXPECT_EQ(exp["records"][i]["index"], i);
    EXPECT_TRUE(exp["records"][i]["broken"].is_array());
  }
}

}  // namespace
}  // namespace sluice::mock
