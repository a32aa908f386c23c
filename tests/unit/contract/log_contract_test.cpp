// The LogWriter + LogConsumer contract (log_contract.h) on the local logs: embedded (segment
// files) and memory, the latter also with offsets that start at 1000. Kafka runs the same
// suite in tests/integration/kafka_contract_test.cpp.
#include "log_contract.h"

#include <memory>

#include "../log/log_test_util.h"
#include "log/embedded/embedded_log.h"
#include "log/memory/memory_log.h"

namespace sluice::contract {
namespace {

// What the local logs promise, beyond what Kafka does (see log_contract.h): the suite checks
// each of these exactly for them.
struct LocalLogTraits {
  static constexpr bool kDenseOffsets = true;
  static constexpr bool kAssignsInOnePoll = true;
  static constexpr bool kRevokesOnlyWhatMoves = true;
  static constexpr bool kExactLag = true;
  static constexpr bool kLagKnownAtEachPoll = true;
  static constexpr bool kVisibleToTheNextPoll = true;

  // Groups live in the log itself, and each test opens a log of its own.
  static std::string group(const std::string& name) { return name; }
};

class EmbeddedLogFactory : public LocalLogTraits {
 public:
  static constexpr bool kDurable = true;
  static constexpr int64_t kFirstOffset = 0;

  // Returns null (after a failed expectation) when the log does not open.
  Log* open() {
    log_.reset();
    log_ = testing::open_log(config_);
    return log_.get();
  }
  // The same files opened again, as after a restart.
  Log* reopen() { return open(); }

 private:
  testing::TempDir dir_;
  LogConfig config_ = testing::test_config(dir_.path(), kPartitions, FsyncPolicy::kBatch);
  std::unique_ptr<EmbeddedLog> log_;
};

// `first_offset` > 0 plays a log whose older entries retention removed: nothing may assume
// that offsets start at 0.
template <int64_t first_offset>
class MemoryLogFactory : public LocalLogTraits {
 public:
  static constexpr bool kDurable = false;
  static constexpr int64_t kFirstOffset = first_offset;

  Log* open() {
    log_ = std::make_unique<MemoryLog>(kPartitions, first_offset);
    return log_.get();
  }
  Log* reopen() { return nullptr; }  // not durable: never called

 private:
  std::unique_ptr<MemoryLog> log_;
};

using LocalLogs = ::testing::Types<EmbeddedLogFactory, MemoryLogFactory<0>, MemoryLogFactory<1000>>;
INSTANTIATE_TYPED_TEST_SUITE_P(Local, LogContract, LocalLogs);

}  // namespace
}  // namespace sluice::contract
