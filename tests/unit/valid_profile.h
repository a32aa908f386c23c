// A randomuser.me-shaped profile that passes every rule of the shipped pipeline
// (config/local.yaml), keyed by `username`: for tests that need records stored, not judged.
#pragma once

#include <string>

namespace sluice::testing {

inline std::string valid_profile(const std::string& username) {
  return R"({"gender":"female","name":{"first":"Ada","last":"Lovelace"},)"
         R"("location":{"street":{"number":1,"name":"Main St"},"city":"Leeds","state":"Yorks",)"
         R"("country":"UK","postcode":"LS1"},"email":")" +
         username + R"(@example.com","login":{"username":")" + username +
         R"("},"dob":{"date":"1990-01-02T03:04:05.678Z"},)"
         R"("registered":{"date":"2015-06-07T08:09:10.111Z"},"phone":"0113",)"
         R"("picture":{"medium":"https://x/m.jpg"}})";
}

}  // namespace sluice::testing
