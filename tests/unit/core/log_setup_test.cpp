// The log formats: text lines carry the thread's context, JSON lines are one valid object per
// line with the context as fields, and registered secrets never reach either.
#include "core/log_setup.h"

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>
#include <thread>

#include "core/log_context.h"
#include "core/log_secrets.h"

namespace sluice {
namespace {

// Logs `message` at warn through a logger with `format`, returns what it wrote.
std::string logged(LogFormat format, const std::string& message) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("test", sink);
  logger.set_formatter(make_log_formatter(format));
  logger.warn("{}", message);
  logger.flush();
  return out.str();
}

TEST(LogText, WithoutContextIsTimeLevelMessage) {
  const std::string line = logged(LogFormat::kText, "hello");
  EXPECT_NE(line.find("[warning] hello\n"), std::string::npos) << line;
  EXPECT_EQ(line[0], '[');
}

TEST(LogText, CarriesPipelineStageAndPartition) {
  const ScopedLogContext role("user_profiles", "process");
  EXPECT_NE(logged(LogFormat::kText, "m").find("[warning] [user_profiles process] m"),
            std::string::npos);
  {
    const ScopedLogContext partition(3);
    EXPECT_NE(logged(LogFormat::kText, "m").find("[user_profiles process p3] m"),
              std::string::npos);
  }
  // The partition scope ended: the role's context is back.
  EXPECT_NE(logged(LogFormat::kText, "m").find("[user_profiles process] m"), std::string::npos);
}

TEST(LogJson, IsOneObjectPerLineWithContextFields) {
  const ScopedLogContext role("user_profiles", "ingest", 2);
  const std::string line = logged(LogFormat::kJson, "a \"quoted\"\nsecond line\\");
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "a newline in the message must be escaped";
  EXPECT_EQ(line.rfind("{\"time\":\"", 0), 0u) << line;
  EXPECT_NE(line.find("Z\",\"level\":\"warning\",\"pipeline\":\"user_profiles\",\"stage\":"
                      "\"ingest\",\"partition\":2,\"msg\":\"a \\\"quoted\\\"\\nsecond line\\\\\"}"),
            std::string::npos)
      << line;
}

TEST(LogJson, LeavesOutContextFieldsThatAreNotSet) {
  const std::string line = logged(LogFormat::kJson, "x");
  EXPECT_EQ(line.find("pipeline"), std::string::npos) << line;
  EXPECT_EQ(line.find("partition"), std::string::npos) << line;
  EXPECT_NE(line.find("\"msg\":\"x\"}"), std::string::npos) << line;
}

TEST(LogContextThreads, AThreadStartsEmptyAndCanInherit) {
  const ScopedLogContext role("p", "scheduler");
  std::string seen_plain;
  std::string seen_inherited;
  std::thread plain([&] { seen_plain = current_log_context().stage; });
  plain.join();
  std::thread inheriting([&, context = current_log_context()] {
    const ScopedLogContext inherited(context);
    seen_inherited = current_log_context().stage;
  });
  inheriting.join();
  EXPECT_EQ(seen_plain, "");
  EXPECT_EQ(seen_inherited, "scheduler");
}

TEST(LogSecrets, AreMaskedInBothFormats) {
  register_log_secret("hunter2-secret");
  register_log_secret("hunter2-secret-longer");  // contains the first: masked whole
  register_log_secret("no");                     // too short to mask
  for (LogFormat format : {LogFormat::kText, LogFormat::kJson}) {
    const std::string line =
        logged(format, "auth failed for hunter2-secret-longer and hunter2-secret: no");
    EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
    EXPECT_NE(line.find("auth failed for *** and ***: no"), std::string::npos) << line;
  }
}

TEST(LogSecrets, RedactSaysWhetherItChangedAnything) {
  register_log_secret("s3cr3t-token");
  std::string out = "untouched";
  EXPECT_FALSE(redact_log_secrets("nothing to hide", &out));
  EXPECT_EQ(out, "untouched");
  EXPECT_TRUE(redact_log_secrets("Bearer s3cr3t-token, again s3cr3t-token", &out));
  EXPECT_EQ(out, "Bearer ***, again ***");
}

TEST(LogOptions, ParseTheNamesTheCliAccepts) {
  EXPECT_EQ(parse_log_format("json"), LogFormat::kJson);
  EXPECT_EQ(parse_log_format("text"), LogFormat::kText);
  EXPECT_FALSE(parse_log_format("xml"));
  EXPECT_EQ(parse_log_level("warning"), spdlog::level::warn);
  EXPECT_EQ(parse_log_level("warn"), spdlog::level::warn);
  EXPECT_EQ(parse_log_level("error"), spdlog::level::err);
  EXPECT_EQ(parse_log_level("debug"), spdlog::level::debug);
  EXPECT_FALSE(parse_log_level("loud"));
}

}  // namespace
}  // namespace sluice
