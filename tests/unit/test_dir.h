// A scratch directory for the running test: under the system temp dir, named after the test
// and this process (ctest runs test binaries in parallel), emptied and created anew. The test
// removes it in its TearDown.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace sluice::testing {

inline std::filesystem::path fresh_test_dir(std::string_view prefix) {
  const auto dir = std::filesystem::temp_directory_path() /
                   (std::string(prefix) + "_" + std::to_string(::getpid()) + "_" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace sluice::testing
