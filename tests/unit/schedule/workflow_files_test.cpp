// `workflow_files:`: workflows in files of their own, found relative to the config, with errors
// that name the file they are in.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "schedule/workflow_loader.h"
#include "workflow_test_util.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

class WorkflowFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("workflow_files_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "flows");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) const {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  // The pipeline config, listing `files`.
  std::string config(const std::string& more) const {
    return write("pipeline.yaml", std::string(testing::kPipeline) + more);
  }

  std::vector<ConfigError> errors(const std::string& path) const {
    try {
      load_config_and_workflows(path);
    } catch (const ConfigException& e) {
      return e.errors();
    }
    return {};
  }

  fs::path dir_;
};

TEST_F(WorkflowFiles, WorkflowsOfTheConfigThenOfEachFile) {
  write("flows/a.yaml", "workflows:\n  - {name: a, tasks: [{name: t, kind: ensure}]}\n");
  write("flows/b.yaml",
        "workflows:\n"
        "  - {name: b, tasks: [{name: t, kind: ingest, config: ../pipeline.yaml}]}\n");
  const std::string path = config(
      "workflows: [{name: main, tasks: [{name: t, kind: ensure}]}]\n"
      "workflow_files: [flows/a.yaml, flows/b.yaml]\n");
  const LoadedConfig loaded = load_config_and_workflows(path);
  ASSERT_EQ(loaded.workflows.size(), 3u);
  EXPECT_EQ(loaded.workflows[0].name, "main");
  EXPECT_EQ(loaded.workflows[1].name, "a");
  EXPECT_EQ(loaded.workflows[1].file, (dir_ / "flows/a.yaml").string());
  EXPECT_EQ(loaded.workflows[2].name, "b");
  // A task's config is found relative to the file that declares it.
  EXPECT_EQ(loaded.workflows[2].tasks[0].pipeline.config, (dir_ / "pipeline.yaml").string());
  EXPECT_EQ(loaded.pipeline.name, "demo");
}

TEST_F(WorkflowFiles, ErrorsNameTheWorkflowFile) {
  const std::string flows = write("flows/a.yaml",
                                  "workflows:\n"                                   // 1
                                  "  - name: a\n"                                  // 2
                                  "    tasks:\n"                                   // 3
                                  "      - {name: t, kind: ensure, after: x}\n");  // 4
  const std::string path = config(
      "process: {queue_batches: 0}\n"       // 4
      "workflow_files: [flows/a.yaml]\n");  // 5
  const std::vector<ConfigError> e = errors(path);
  ASSERT_EQ(e.size(), 2u);
  // The config's own problems first, then the workflow file's.
  EXPECT_EQ(e[0].file, path);
  EXPECT_EQ(e[0].line, 4);
  EXPECT_EQ(e[1].file, flows);
  EXPECT_EQ(e[1].line, 4);
  EXPECT_EQ(e[1].key, "workflows[a].tasks[t].after");
}

TEST_F(WorkflowFiles, MissingFileAndForeignKeys) {
  write("flows/extra.yaml", "pipeline: other\nworkflows: []\n");
  const std::string path = config("workflow_files:\n  - flows/none.yaml\n  - flows/extra.yaml\n");
  const std::vector<ConfigError> e = errors(path);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].file, path);
  EXPECT_EQ(e[0].line, 5);
  EXPECT_EQ(e[0].key, "workflow_files[0]");
  EXPECT_NE(e[0].message.find("cannot read " + (dir_ / "flows/none.yaml").string()),
            std::string::npos)
      << e[0].message;
  EXPECT_EQ(e[1].file, (dir_ / "flows/extra.yaml").string());
  EXPECT_EQ(e[1].key, "pipeline");
  EXPECT_NE(e[1].message.find("unknown key (expected one of: workflows)"), std::string::npos);
}

TEST_F(WorkflowFiles, DuplicateNameAcrossFilesSaysWhereTheFirstIs) {
  const std::string flows =
      write("flows/a.yaml", "workflows:\n  - {name: main, tasks: [{name: t, kind: ensure}]}\n");
  const std::string path = config(
      "workflows: [{name: main, tasks: [{name: t, kind: ensure}]}]\n"  // 4
      "workflow_files: [flows/a.yaml]\n");
  const std::vector<ConfigError> e = errors(path);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].file, flows);
  EXPECT_EQ(e[0].line, 2);
  EXPECT_EQ(e[0].message, "duplicate workflow name \"main\" (also " + path + ":4)");
}

TEST_F(WorkflowFiles, YamlSyntaxErrorInAWorkflowFile) {
  const std::string flows = write("flows/a.yaml", "workflows: [\n");
  const std::vector<ConfigError> e = errors(config("workflow_files: [flows/a.yaml]\n"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].file, flows);
  EXPECT_NE(e[0].message.find("YAML syntax"), std::string::npos);
}

}  // namespace
}  // namespace sluice
