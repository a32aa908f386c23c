// docs/workflows.md's example loads as written, with the values the reference tables promise.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "workflow_test_util.h"

namespace sluice {
namespace {

// The first ```yaml block of the page.
std::string first_yaml_block(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string page = text.str();
  const std::string open = "```yaml\n";
  const size_t start = page.find(open);
  if (start == std::string::npos) return "";
  const size_t end = page.find("```", start + open.size());
  return page.substr(start + open.size(), end - start - open.size());
}

TEST(WorkflowDocs, ExampleLoads) {
  std::string yaml = first_yaml_block(SLUICE_SOURCE_DIR "/docs/workflows.md");
  // The example leaves the pipeline's sections out; put a small pipeline in their place.
  const std::string elided =
      "pipeline: user_profiles\n# ... source, schema, rules, log, sink as usual ...\n";
  ASSERT_EQ(yaml.rfind(elided, 0), 0u) << yaml;
  yaml.erase(0, elided.size());
  const std::vector<Workflow> ws = testing::workflows_of(yaml);
  ASSERT_EQ(ws.size(), 1u);
  const Workflow& w = ws[0];
  EXPECT_EQ(w.name, "realtime_user_streaming_pipeline");
  EXPECT_EQ(w.schedule.text(), "@daily");
  EXPECT_FALSE(w.catchup);
  ASSERT_EQ(w.tasks.size(), 4u);
  EXPECT_EQ(w.tasks[1].retries, 3);
  EXPECT_EQ(w.tasks[2].timeout, std::chrono::minutes{30});
  EXPECT_EQ(w.tasks[3].http.method, "POST");
  EXPECT_EQ(w.tasks[3].upstream, (std::vector<size_t>{2}));
}

}  // namespace
}  // namespace sluice
