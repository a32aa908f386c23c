// libFuzzer target for the embedded log's reading side: the input is the bytes of a segment
// file. The verifying scan that recovery runs on open (Segment::scan) must describe any damage
// instead of crashing, and every batch the reader then hands out (read_batch below size())
// must be exactly the file's bytes with a checksum that holds, checked here independently of
// the reader's own check; its records must decode within the header's count. Built with
// -DSLUICE_FUZZ=ON under clang; run by `make fuzz` (scripts/fuzz-brief) from the seed corpus in
// tests/fuzz/corpus/log_segment/ (segments written by the embedded log itself).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "log/embedded/batch.h"
#include "log/embedded/coding.h"
#include "log/embedded/crc32c.h"
#include "log/embedded/format.h"
#include "log/embedded/segment.h"

namespace {

namespace f = sluice::log_format;

// One scratch file for the whole run, on tmpfs when there is one: the scan reads a real file.
const std::string& segment_file() {
  static const std::string path = [] {
    const char* base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string dir = std::string(base) + "/sluice_log_fuzz_XXXXXX";
    if (::mkdtemp(dir.data()) == nullptr) std::abort();
    static const std::string keep = dir;
    std::atexit([] { std::filesystem::remove_all(keep); });
    return dir + "/00000000000000000000.seg";
  }();
  return path;
}

[[noreturn]] void fail(const char* what, int64_t position) {
  std::fprintf(stderr, "log_segment_fuzz: %s (batch at byte %lld)\n", what,
               static_cast<long long>(position));
  std::abort();
}

// The CRC as format.h defines it, computed from the input bytes rather than by the reader.
bool checksum_holds(std::string_view file, int64_t position, const sluice::BatchHeader& h) {
  const char* batch = file.data() + position;
  const uint32_t stored = sluice::log_coding::get_u32(batch + f::kBatchCrcAt);
  const size_t covered = f::kBatchHeaderSize - f::kBatchCrcFrom + h.length;
  return sluice::crc32c(batch + f::kBatchCrcFrom, covered) == stored;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream out(segment_file(), std::ios::binary | std::ios::trunc);
    out.write(file.data(), static_cast<std::streamsize>(file.size()));
  }
  auto segment = sluice::Segment::open(segment_file(), 0, false);
  if (!segment.ok()) fail("cannot open the scratch segment", 0);
  auto damage = (*segment)->scan();
  if (!damage.ok()) return 0;  // an I/O error, reported as a Status
  const int64_t valid = (*segment)->size();
  if (valid > static_cast<int64_t>(size)) fail("scan claims more bytes than the file has", valid);
  if (damage->found && damage->position != valid) fail("damage is not where valid bytes end", 0);

  int64_t position = 0;
  int64_t next_offset = 0;
  while (position < valid) {
    sluice::BatchHeader h;
    std::string payload;
    if (!(*segment)->read_batch(position, &h, &payload).ok()) {
      fail("a batch below the scanned size does not read", position);
    }
    if (position + h.total_size() > valid) fail("a batch runs past the scanned size", position);
    if (h.base_offset != next_offset) fail("batch offsets are not consecutive", position);
    if (payload != file.substr(position + f::kBatchHeaderSize, h.length)) {
      fail("the payload handed out is not the file's bytes", position);
    }
    if (!checksum_holds(file, position, h)) fail("a batch whose checksum fails", position);
    std::vector<sluice::LogEntry> entries;
    if (sluice::decode_batch_records(h, payload, h.base_offset, h.end_offset(), h.count, &entries)
            .ok() &&
        entries.size() > h.count) {
      fail("more records than the header counts", position);
    }
    (void)sluice::find_time_in_batch(h, payload, 0, h.end_offset());
    next_offset = h.end_offset();
    position += h.total_size();
  }
  if (next_offset != (*segment)->next_offset()) fail("next offset disagrees with the scan", 0);
  (void)(*segment)->position_for_offset(next_offset / 2);
  (void)(*segment)->position_for_time(0);
  return 0;
}
