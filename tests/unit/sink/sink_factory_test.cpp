// make_sink() makes every sink kind config calls built, and refuses the others.
#include <gtest/gtest.h>

#include <filesystem>

#include "../test_dir.h"
#include "core/config.h"
#include "sink/sink.h"

namespace sluice {
namespace {

// Config refuses exactly the kinds the factory cannot make (kind_built), so a config that
// loads opens.
TEST(SinkFactory, MakesEveryKindConfigCallsBuilt) {
  const auto dir = testing::fresh_test_dir("sluice_sink_factory_test");
  const Schema schema({{"username", FieldType::kText}}, "username");
  SinkConfig config;
  config.path = (dir / "sluice.db").string();
  for (SinkKind kind :
       {SinkKind::kSqlite, SinkKind::kCassandra, SinkKind::kPostgres, SinkKind::kNull}) {
    config.kind = kind;
    auto sink = make_sink(config, schema);
    EXPECT_EQ(sink.status().code() != StatusCode::kNotImplemented, kind_built(kind))
        << kind_name(kind);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sluice
