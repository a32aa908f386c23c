// Helpers shared by the log unit tests: a private temp directory per test, configs, records,
// and byte-level file surgery for the corruption cases.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "log/embedded/embedded_log.h"
#include "log/log.h"

namespace sluice::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base ? base : "/tmp") + "/sluice_log_test_XXXXXX";
    path_ = ::mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline LogConfig test_config(const std::string& dir, int partitions = 4,
                             FsyncPolicy policy = FsyncPolicy::kBatch) {
  LogConfig c;
  c.kind = LogKind::kEmbedded;
  c.dir = dir + "/log";
  c.partitions = partitions;
  c.fsync.policy = policy;
  c.fsync.interval_ms = 5;
  c.retention_ms = -1;
  return c;
}

inline std::unique_ptr<EmbeddedLog> open_log(const LogConfig& c) {
  auto log = EmbeddedLog::open(c);
  EXPECT_TRUE(log.ok()) << log.status().to_string();
  return log.ok() ? std::move(log).value() : nullptr;
}

// n records keyed "<prefix>-<i>", each value `value_bytes` long and naming its key.
// prefix + i. Built by appending: GCC 12 at -O3 reports a false overlap (-Wrestrict) in the
// inlined `"c" + std::to_string(i)`.
inline std::string numbered(std::string_view prefix, int64_t i) {
  std::string out(prefix);
  out += std::to_string(i);
  return out;
}

inline std::vector<LogRecord> make_records(const std::string& prefix, int n,
                                           size_t value_bytes = 100, int64_t ts = 1000) {
  std::vector<LogRecord> out;
  for (int i = 0; i < n; ++i) {
    LogRecord r;
    r.key = prefix + "-" + std::to_string(i);
    r.value = "{\"key\":\"" + r.key + "\"}";
    if (r.value.size() < value_bytes) r.value.append(value_bytes - r.value.size(), ' ');
    r.timestamp_ms = ts + i;
    out.push_back(std::move(r));
  }
  return out;
}

inline std::vector<LogEntry> read_all(EmbeddedLog& log, int partition, int64_t from = 0) {
  std::vector<LogEntry> all;
  while (true) {
    auto batch = log.read(partition, from, 1000);
    EXPECT_TRUE(batch.ok()) << batch.status().to_string();
    if (!batch.ok() || batch->empty()) return all;
    from = batch->back().offset + 1;
    for (auto& e : *batch)
      all.push_back(std::move(e));
  }
}

inline std::string segment_path(const LogConfig& c, int partition, int64_t base = 0) {
  char name[32];
  std::snprintf(name, sizeof name, "%020lld.seg", static_cast<long long>(base));
  return c.dir + "/p" + std::to_string(partition) + "/" + name;
}

inline int64_t file_size(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

inline void flip_byte(const std::string& path, int64_t at) {
  std::string bytes = read_bytes(path);
  ASSERT_LT(at, static_cast<int64_t>(bytes.size()));
  bytes[at] ^= 0x5A;
  write_bytes(path, bytes);
}

}  // namespace sluice::testing
