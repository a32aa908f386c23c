// Encoding and decoding of one batch (format.h, "Batch" and "Record"). Pure functions over
// bytes; no I/O. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "log/log.h"

namespace sluice {

struct BatchHeader {
  uint32_t crc = 0;
  uint32_t length = 0;  // payload bytes after the header
  uint32_t count = 0;
  int64_t base_offset = 0;
  int64_t first_ts = 0;
  int64_t max_ts = 0;

  int64_t end_offset() const { return base_offset + count; }
  int64_t total_size() const;  // header + payload
};

// Appends the encoded batch of `records` (at least one) numbered from base_offset to *out and
// returns its header. The caller checks sizes against kMaxBatchLength first.
BatchHeader encode_batch(int64_t base_offset, const std::vector<const LogRecord*>& records,
                         std::string* out);

// Size of the encoded batch of these records, header included.
int64_t encoded_batch_size(const std::vector<const LogRecord*>& records);

// Decodes the kBatchHeaderSize bytes at p. Returns false when they cannot be a header: wrong
// magic, zero count or a length above kMaxBatchLength.
bool decode_batch_header(const char* p, BatchHeader* out);

// True when the CRC in `header_bytes` matches the header's covered bytes and the payload.
bool batch_crc_matches(const char* header_bytes, std::string_view payload);

// Appends the records of a verified batch whose offset is in [from, end) to *out, stopping once
// out holds `max` entries. Corruption if the payload's framing disagrees with the header.
Status decode_batch_records(const BatchHeader& header, std::string_view payload, int64_t from,
                            int64_t end, size_t max, std::vector<LogEntry>* out);

// The offset of the first record in the batch with timestamp >= ts, or -1 if none.
Result<int64_t> find_time_in_batch(const BatchHeader& header, std::string_view payload, int64_t ts,
                                   int64_t end);

}  // namespace sluice
