#include "mock/request_faults.h"

#include <gtest/gtest.h>

#include <set>

namespace sluice::mock {
namespace {

TEST(RequestFaults, NoErrorRateMeansNoFaults) {
  for (int page = 1; page <= 100; ++page) {
    EXPECT_EQ(choose_request_fault(1, "s", page, 10, 0, 0.0), RequestFault::kNone);
  }
}

TEST(RequestFaults, LaterAttemptsAlwaysSucceed) {
  for (int page = 1; page <= 100; ++page) {
    for (int attempt = 0; attempt < kMaxFaultyAttempts; ++attempt) {
      EXPECT_NE(choose_request_fault(1, "s", page, 10, attempt, 1.0), RequestFault::kNone);
    }
    EXPECT_EQ(choose_request_fault(1, "s", page, 10, kMaxFaultyAttempts, 1.0), RequestFault::kNone);
  }
}

TEST(RequestFaults, SameInputsSameFault) {
  for (int page = 1; page <= 50; ++page) {
    EXPECT_EQ(choose_request_fault(9, "seed", page, 100, 1, 0.5),
              choose_request_fault(9, "seed", page, 100, 1, 0.5));
  }
}

TEST(RequestFaults, EveryKindOccurs) {
  std::set<RequestFault> kinds;
  for (int page = 1; page <= 500; ++page)
    kinds.insert(choose_request_fault(3, "k", page, 5, 0, 1.0));
  EXPECT_EQ(kinds.size(), 8u);
  EXPECT_FALSE(kinds.count(RequestFault::kNone));
}

TEST(RequestFaults, RateIsRoughlyHonoured) {
  int faults = 0;
  for (int page = 1; page <= 2000; ++page) {
    faults += choose_request_fault(5, "r", page, 5, 0, 0.2) != RequestFault::kNone;
  }
  EXPECT_GT(faults, 300);
  EXPECT_LT(faults, 500);
}

}  // namespace
}  // namespace sluice::mock
