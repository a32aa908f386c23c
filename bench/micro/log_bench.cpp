// Embedded log micro-benchmarks: publish (append + commit under each fsync policy) and read
// throughput in MB/s of record bytes (key + value), for ~1 KB JSON-like records in batches of
// 500, as ingest publishes a page, next to the same disk's own sequential write rate measured
// by this binary in the same run (BM_Disk*: plain write() + fdatasync, no log at all), so
// that the log's MB/s can be read against what the disk gives (docs/benchmarks.md, "Embedded
// log (micro)"). Each benchmark uses its own directory under $SLUICE_BENCH_DIR (default /tmp),
// removed afterwards.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "log/embedded/crc32c.h"
#include "log/embedded/embedded_log.h"

namespace sluice {
namespace {

constexpr int kRecordsPerPublish = 500;
constexpr size_t kValueBytes = 1000;

std::string bench_dir(const std::string& name) {
  const char* base = std::getenv("SLUICE_BENCH_DIR");
  std::string dir = std::string(base ? base : "/tmp") + "/sluice_log_bench_" + name + "_" +
                    std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  return dir;
}

std::vector<LogRecord> page(int page_number) {
  std::vector<LogRecord> records;
  records.reserve(kRecordsPerPublish);
  for (int i = 0; i < kRecordsPerPublish; ++i) {
    LogRecord r;
    r.key = "user" + std::to_string(page_number) + "_" + std::to_string(i);
    r.value = "{\"login\":{\"username\":\"" + r.key + "\"},\"name\":{\"first\":\"Ada\"}";
    while (r.value.size() < kValueBytes - 1)
      r.value += ",\"pad\":\"abcdefghijklmnopqrstuvwxyz\"";
    r.value.resize(kValueBytes - 1);
    r.value += "}";
    r.timestamp_ms = 1'700'000'000'000 + page_number;
    records.push_back(std::move(r));
  }
  return records;
}

int64_t record_bytes(const std::vector<LogRecord>& records) {
  int64_t n = 0;
  for (const auto& r : records)
    n += static_cast<int64_t>(r.key.size() + r.value.size());
  return n;
}

LogConfig bench_config(const std::string& dir, FsyncPolicy policy, int interval_ms) {
  LogConfig c;
  c.dir = dir;
  c.partitions = 4;
  c.fsync.policy = policy;
  c.fsync.interval_ms = interval_ms;
  c.retention_ms = -1;
  return c;
}

void publish_bench(benchmark::State& state, FsyncPolicy policy, int interval_ms) {
  const std::string dir =
      bench_dir(std::string(fsync_policy_name(policy)) + std::to_string(interval_ms));
  auto log = EmbeddedLog::open(bench_config(dir, policy, interval_ms));
  if (!log.ok()) {
    state.SkipWithError(log.status().to_string().c_str());
    return;
  }
  std::vector<std::vector<LogRecord>> pages;
  pages.reserve(8);
  for (int i = 0; i < 8; ++i)
    pages.push_back(page(i));
  const int64_t bytes_per_publish = record_bytes(pages[0]);
  int n = 0;
  for (auto _ : state) {
    Status s = (*log)->publish(pages[n % pages.size()], "page=" + std::to_string(n));
    if (!s.ok()) {
      state.SkipWithError(s.to_string().c_str());
      break;
    }
    ++n;
  }
  state.SetBytesProcessed(state.iterations() * bytes_per_publish);
  state.SetItemsProcessed(state.iterations() * kRecordsPerPublish);
  log->reset();
  std::filesystem::remove_all(dir);
}

// The disk without the log: sequential write() calls of `chunk` bytes into one file, with an
// fdatasync after every `chunks_per_sync` of them, in MB/s of bytes written.
void disk_bench(benchmark::State& state, size_t chunk, int chunks_per_sync) {
  const std::string dir = bench_dir("disk" + std::to_string(chunk));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/data";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    state.SkipWithError(("cannot create " + path).c_str());
    return;
  }
  const std::string bytes(chunk, 'x');
  int64_t written = 0;
  for (auto _ : state) {
    for (int i = 0; i < chunks_per_sync; ++i) {
      if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
        state.SkipWithError("short write");
        break;
      }
      written += static_cast<int64_t>(chunk);
    }
    if (::fdatasync(fd) != 0) state.SkipWithError("fdatasync failed");
    // Keep the file from filling the disk: start over every 256 MiB.
    if (written % (int64_t{256} << 20) < static_cast<int64_t>(chunk) * chunks_per_sync) {
      if (::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) != 0) state.SkipWithError("reset");
    }
  }
  state.SetBytesProcessed(written);
  ::close(fd);
  std::filesystem::remove_all(dir);
}

// About one publish's bytes (500 records of ~1 KB), synced each time: what fsync policy
// `batch` asks of the disk per page, minus the log's work and its commit file.
void BM_DiskWriteSyncedPer512KiB(benchmark::State& state) {
  disk_bench(state, 512 << 10, 1);
}
// 1 MiB writes synced every 64 MiB: close to the disk's streaming rate.
void BM_DiskWriteSyncedPer64MiB(benchmark::State& state) {
  disk_bench(state, 1 << 20, 64);
}

void BM_LogPublishBatch(benchmark::State& state) {
  publish_bench(state, FsyncPolicy::kBatch, 0);
}
void BM_LogPublishInterval5ms(benchmark::State& state) {
  publish_bench(state, FsyncPolicy::kInterval, 5);
}
void BM_LogPublishInterval50ms(benchmark::State& state) {
  publish_bench(state, FsyncPolicy::kInterval, 50);
}
void BM_LogPublishNever(benchmark::State& state) {
  publish_bench(state, FsyncPolicy::kNever, 0);
}

// Reads 100 pages (50,000 records, ~50 MB) back from all partitions, 2000 records a call, as
// the processor does; the files are in the page cache, so this measures decode + CRC + copy.
void BM_LogRead(benchmark::State& state) {
  const std::string dir = bench_dir("read");
  auto log = EmbeddedLog::open(bench_config(dir, FsyncPolicy::kNever, 0));
  if (!log.ok()) {
    state.SkipWithError(log.status().to_string().c_str());
    return;
  }
  int64_t total_bytes = 0;
  for (int i = 0; i < 100; ++i) {
    auto records = page(i);
    total_bytes += record_bytes(records);
    if (!(*log)->publish(records, "").ok()) {
      state.SkipWithError("publish failed");
      return;
    }
  }
  for (auto _ : state) {
    for (int p = 0; p < (*log)->partition_count(); ++p) {
      for (int64_t next = 0;;) {
        auto batch = (*log)->read(p, next, 2000);
        if (!batch.ok() || batch->empty()) break;
        next = batch->back().offset + 1;
        benchmark::DoNotOptimize(batch->data());
      }
    }
  }
  state.SetBytesProcessed(state.iterations() * total_bytes);
  log->reset();
  std::filesystem::remove_all(dir);
}

// The checksum alone (every batch is checksummed once when written and once per read), over
// a record-sized buffer of 1,170 bytes and a batch-sized one of 1 MiB.
void BM_Crc32c(benchmark::State& state) {
  std::string data(static_cast<size_t>(state.range(0)), '\0');
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<char>(i * 131);
  for (auto _ : state)
    benchmark::DoNotOptimize(crc32c(data.data(), data.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_Crc32c)->Arg(1170)->Arg(1 << 20);

BENCHMARK(BM_DiskWriteSyncedPer512KiB)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DiskWriteSyncedPer64MiB)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LogPublishBatch)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LogPublishInterval5ms)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LogPublishInterval50ms)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LogPublishNever)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LogRead)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace sluice

BENCHMARK_MAIN();
