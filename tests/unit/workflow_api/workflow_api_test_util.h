// A WorkflowApi over a SQLite run store in a scratch folder, the workflows of a YAML snippet
// and a clock the test sets; requests go straight to handle(), no socket.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../schedule/workflow_test_util.h"
#include "../test_dir.h"
#include "schedule/store/sqlite/sqlite_run_store.h"
#include "serve/api/workflow_routes.h"

namespace sluice::testing {

// 2024-01-01T00:00:00Z
inline constexpr int64_t kApiT0 = 1704067200000;

inline const char* const kApiWorkflows = R"(workflows:
  - name: greet
    description: says hello
    params: {who: world}
    tasks:
      - {name: hello, kind: shell, command: 'echo hello {{ params.who }}'}
      - {name: bye, kind: shell, command: 'echo bye', after: hello}
      - {name: other, kind: http, url: 'http://127.0.0.1:1/'}
  - name: hourly
    schedule: '@hourly'
    start_date: 2024-01-01
    tasks:
      - {name: load, kind: shell, command: 'true'}
)";

inline nlohmann::json json_of(const HttpResponse& res) {
  return nlohmann::json::parse(res.body, nullptr, false);
}

// The error of `res`, which must have `status`, blaming `field` ("" for none).
inline std::string expect_error(const HttpResponse& res, int status, const std::string& field) {
  EXPECT_EQ(res.status, status) << res.body;
  EXPECT_EQ(res.content_type, "application/problem+json");
  const nlohmann::json error = json_of(res);
  EXPECT_EQ(error.value("status", 0), status) << res.body;
  if (field.empty()) {
    EXPECT_TRUE(error.contains("field") && error["field"].is_null()) << res.body;
  } else {
    EXPECT_EQ(error.value("field", ""), field) << res.body;
  }
  return error.value("detail", "");
}

class WorkflowApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_test_dir("sluice_workflow_api");
    store_ = std::make_unique<schedule::SqliteRunStore>((dir_ / "scheduler.db").string());
    ASSERT_TRUE(store_->open().ok());
    workflows_ = workflows_of(kApiWorkflows);
    ASSERT_EQ(workflows_.size(), 2U);
    api_ = std::make_unique<api::WorkflowApi>(workflows_, store_.get(), [this] { return now_; });
  }
  void TearDown() override {
    api_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  HttpResponse call(const std::string& method, const std::string& path,
                    const std::string& body = "",
                    std::multimap<std::string, std::string> query = {},
                    std::map<std::string, std::string> headers = {}) {
    HttpRequest request;
    request.method = method;
    request.path = "/api/v1/workflows" + path;
    request.query = std::move(query);
    request.headers = std::move(headers);
    request.body = body;
    return api_->handle(request);
  }

  std::filesystem::path dir_;
  std::unique_ptr<schedule::SqliteRunStore> store_;
  std::vector<Workflow> workflows_;
  std::unique_ptr<api::WorkflowApi> api_;
  int64_t now_ = kApiT0 + 90 * 60 * 1000;  // 01:30
};

}  // namespace sluice::testing
