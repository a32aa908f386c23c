// docs/api/openapi.yaml documents every endpoint the server has, and nothing under
// /api/v1/workflows that it does not have. (tests/e2e/test_openapi_spec.py validates the file
// as OpenAPI 3.0 and asks the running server for the methods of every documented path.)
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <utility>

#include "serve/api/workflow_routes.h"

namespace sluice::api {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

TEST(WorkflowApiSpec, DocumentsExactlyTheEndpointsTheServerHas) {
  const YAML::Node spec = YAML::LoadFile(std::string(SLUICE_SOURCE_DIR) + "/docs/api/openapi.yaml");
  ASSERT_TRUE(spec["paths"].IsMap());
  std::set<std::pair<std::string, std::string>> documented;
  const std::set<std::string> methods = {"get",   "put",  "post",    "delete",
                                         "patch", "head", "options", "trace"};
  for (const auto& path : spec["paths"]) {
    for (const auto& item : path.second) {
      const std::string key = item.first.as<std::string>();
      if (methods.count(key) != 0) documented.emplace(key, path.first.as<std::string>());
    }
  }
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& [method, path] : WorkflowApi::endpoints())
    served.emplace(lower(method), path);
  for (const auto& endpoint : served) {
    EXPECT_EQ(documented.count(endpoint), 1U)
        << endpoint.first << " " << endpoint.second << " is served but not documented";
  }
  for (const auto& endpoint : documented) {
    EXPECT_EQ(served.count(endpoint), 1U)
        << endpoint.first << " " << endpoint.second << " is documented but not served";
  }
  EXPECT_EQ(served.size(), 11U);
}

}  // namespace
}  // namespace sluice::api
