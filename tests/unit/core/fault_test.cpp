#include "core/fault.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace sluice {
namespace {

// Sets SLUICE_FAULT for one test and clears both variables after it.
class FaultTest : public ::testing::Test {
 protected:
  void TearDown() override {
    ::unsetenv("SLUICE_FAULT");
    ::unsetenv("SLUICE_FAULT_FILE");
  }
};

TEST_F(FaultTest, UnsetPassesEverywhere) {
  EXPECT_TRUE(fault_status("log.append").ok());
  fault_point("log.append");  // returns
}

TEST_F(FaultTest, FailForeverFailsOnlyItsPoint) {
  ::setenv("SLUICE_FAULT", "log.fsync:fail", 1);
  for (int i = 0; i < 3; ++i) {
    Status s = fault_status("log.fsync");
    EXPECT_EQ(s.code(), StatusCode::kIoError);
    EXPECT_NE(s.message().find("log.fsync:fail"), std::string::npos) << s.message();
  }
  EXPECT_TRUE(fault_status("log.fsync2").ok());  // a longer name is another point
  EXPECT_TRUE(fault_status("log").ok());
  fault_point("log.fsync");  // a crash-only point ignores :fail
}

TEST_F(FaultTest, FailNTimesThenPasses) {
  ::setenv("SLUICE_FAULT", "sink.write:fail:2", 1);
  EXPECT_FALSE(fault_status("sink.write").ok());
  EXPECT_FALSE(fault_status("sink.write").ok());
  EXPECT_TRUE(fault_status("sink.write").ok());
  EXPECT_TRUE(fault_status("sink.write").ok());
}

TEST_F(FaultTest, MalformedSpecsAreIgnored) {
  for (const char* spec : {"log.append:", "log.append:fail:0", "log.append:fail:x",
                           "log.append:explode", "log.append"}) {
    ::setenv("SLUICE_FAULT", spec, 1);
    EXPECT_TRUE(fault_status("log.append").ok()) << spec;
  }
}

TEST_F(FaultTest, FileIsReadAgainAtEveryPoint) {
  char path[] = "/tmp/sluice_fault_test_XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  ::setenv("SLUICE_FAULT_FILE", path, 1);
  EXPECT_TRUE(fault_status("log.offsets.commit").ok());  // empty file
  std::ofstream(path) << "log.append:fail:1, log.offsets.commit:fail\n";
  EXPECT_FALSE(fault_status("log.offsets.commit").ok());
  EXPECT_FALSE(fault_status("log.append").ok());
  EXPECT_TRUE(fault_status("log.append").ok());  // its one failure is spent
  std::ofstream(path) << "";                     // cleared while running
  EXPECT_TRUE(fault_status("log.offsets.commit").ok());
  ::unlink(path);
  EXPECT_TRUE(fault_status("log.offsets.commit").ok());  // no file: no faults
}

TEST_F(FaultTest, CrashAtTheKthHit) {
  EXPECT_DEATH(
      {
        ::setenv("SLUICE_FAULT", "log.append:crash:3", 1);
        EXPECT_TRUE(fault_status("log.append").ok());
        EXPECT_TRUE(fault_status("log.append").ok());
        (void)fault_status("log.append");
        std::exit(0);
      },
      "crashing at log.append:crash:3");
}

}  // namespace
}  // namespace sluice
