#include "log/embedded/batch.h"

#include <algorithm>

#include "log/embedded/coding.h"
#include "log/embedded/crc32c.h"
#include "log/embedded/format.h"

namespace sluice {

namespace f = log_format;
using log_coding::get_i64;
using log_coding::get_u32;
using log_coding::put_i64;
using log_coding::put_u32;

int64_t BatchHeader::total_size() const {
  return f::kBatchHeaderSize + int64_t{length};
}

int64_t encoded_batch_size(const std::vector<const LogRecord*>& records) {
  int64_t size = f::kBatchHeaderSize;
  for (const LogRecord* r : records) {
    size += f::kRecordHeaderSize + r->key.size() + r->value.size();
  }
  return size;
}

BatchHeader encode_batch(int64_t base_offset, const std::vector<const LogRecord*>& records,
                         std::string* out) {
  const size_t start = out->size();
  out->resize(start + f::kBatchHeaderSize);
  BatchHeader h;
  h.base_offset = base_offset;
  h.count = static_cast<uint32_t>(records.size());
  h.first_ts = records.front()->timestamp_ms;
  h.max_ts = h.first_ts;
  char rec[f::kRecordHeaderSize];
  for (const LogRecord* r : records) {
    h.max_ts = std::max(h.max_ts, r->timestamp_ms);
    put_u32(rec + f::kRecordKeyLenAt, static_cast<uint32_t>(r->key.size()));
    put_u32(rec + f::kRecordValueLenAt, static_cast<uint32_t>(r->value.size()));
    put_i64(rec + f::kRecordTsAt, r->timestamp_ms);
    out->append(rec, sizeof rec);
    out->append(r->key);
    out->append(r->value);
  }
  h.length = static_cast<uint32_t>(out->size() - start - f::kBatchHeaderSize);
  char* p = out->data() + start;
  put_u32(p + f::kBatchMagicAt, f::kBatchMagic);
  put_u32(p + f::kBatchLengthAt, h.length);
  put_u32(p + f::kBatchCountAt, h.count);
  put_i64(p + f::kBatchBaseOffsetAt, h.base_offset);
  put_i64(p + f::kBatchFirstTsAt, h.first_ts);
  put_i64(p + f::kBatchMaxTsAt, h.max_ts);
  h.crc = crc32c(p + f::kBatchCrcFrom, out->size() - start - f::kBatchCrcFrom);
  put_u32(p + f::kBatchCrcAt, h.crc);
  return h;
}

bool decode_batch_header(const char* p, BatchHeader* out) {
  if (get_u32(p + f::kBatchMagicAt) != f::kBatchMagic) return false;
  out->crc = get_u32(p + f::kBatchCrcAt);
  out->length = get_u32(p + f::kBatchLengthAt);
  out->count = get_u32(p + f::kBatchCountAt);
  out->base_offset = get_i64(p + f::kBatchBaseOffsetAt);
  out->first_ts = get_i64(p + f::kBatchFirstTsAt);
  out->max_ts = get_i64(p + f::kBatchMaxTsAt);
  return out->count > 0 && out->length <= f::kMaxBatchLength && out->base_offset >= 0;
}

bool batch_crc_matches(const char* header_bytes, std::string_view payload) {
  uint32_t crc = crc32c(header_bytes + f::kBatchCrcFrom, f::kBatchHeaderSize - f::kBatchCrcFrom);
  crc = crc32c_extend(crc, payload.data(), payload.size());
  return crc == get_u32(header_bytes + f::kBatchCrcAt);
}

namespace {

// Walks the records of a payload; calls fn(offset, ts, key, value) until it returns false.
template <typename Fn>
Status for_each_record(const BatchHeader& h, std::string_view payload, Fn fn) {
  size_t pos = 0;
  for (uint32_t i = 0; i < h.count; ++i) {
    if (payload.size() - pos < f::kRecordHeaderSize) {
      return Status::corruption("batch at offset " + std::to_string(h.base_offset) + ": record " +
                                std::to_string(i) + " header overruns the batch");
    }
    const char* p = payload.data() + pos;
    size_t key_len = get_u32(p + f::kRecordKeyLenAt);
    size_t value_len = get_u32(p + f::kRecordValueLenAt);
    int64_t ts = get_i64(p + f::kRecordTsAt);
    pos += f::kRecordHeaderSize;
    if (payload.size() - pos < key_len + value_len) {
      return Status::corruption("batch at offset " + std::to_string(h.base_offset) + ": record " +
                                std::to_string(i) + " overruns the batch");
    }
    if (!fn(h.base_offset + i, ts, payload.substr(pos, key_len),
            payload.substr(pos + key_len, value_len))) {
      return Status::ok_status();
    }
    pos += key_len + value_len;
  }
  return Status::ok_status();
}

}  // namespace

Status decode_batch_records(const BatchHeader& header, std::string_view payload, int64_t from,
                            int64_t end, size_t max, std::vector<LogEntry>* out) {
  return for_each_record(
      header, payload,
      [&](int64_t offset, int64_t ts, std::string_view key, std::string_view value) {
        if (offset >= end || out->size() >= max) return false;
        if (offset >= from) {
          out->push_back(LogEntry{offset, ts, std::string(key), std::string(value)});
        }
        return true;
      });
}

Result<int64_t> find_time_in_batch(const BatchHeader& header, std::string_view payload, int64_t ts,
                                   int64_t end) {
  int64_t found = -1;
  Status s = for_each_record(
      header, payload, [&](int64_t offset, int64_t record_ts, std::string_view, std::string_view) {
        if (offset >= end) return false;
        if (record_ts >= ts) {
          found = offset;
          return false;
        }
        return true;
      });
  if (!s.ok()) return s;
  return found;
}

}  // namespace sluice
