// The on-disk format of the embedded log: every magic number, field offset and file name lives
// here, with one line per field. docs/log_format.md walks through a worked example in hex.
// All integers are little-endian. A change to anything in this file is a format change: bump
// kFormatVersion and say so in docs/log_format.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sluice::log_format {

inline constexpr int kFormatVersion = 1;

// ---- Batch: the unit of append, checksum and recovery inside a segment file ----------------
// header (40 bytes) followed by `length` bytes of records.
inline constexpr uint32_t kBatchMagic = 0x31424C53;  // bytes "SLB1"
inline constexpr size_t kBatchMagicAt = 0;           // u32 kBatchMagic
inline constexpr size_t kBatchCrcAt = 4;     // u32 CRC32C of bytes [kBatchCrcFrom, end of batch)
inline constexpr size_t kBatchLengthAt = 8;  // u32 bytes of records after the header
inline constexpr size_t kBatchCountAt = 12;  // u32 number of records (>= 1)
inline constexpr size_t kBatchBaseOffsetAt = 16;  // i64 offset of the first record
inline constexpr size_t kBatchFirstTsAt = 24;     // i64 timestamp_ms of the first record
inline constexpr size_t kBatchMaxTsAt = 32;       // i64 largest timestamp_ms in the batch
inline constexpr size_t kBatchHeaderSize = 40;
inline constexpr size_t kBatchCrcFrom = kBatchLengthAt;  // the CRC covers the length onwards
// Larger lengths are treated as a damaged header rather than trusted for a huge read.
inline constexpr uint32_t kMaxBatchLength = 256u << 20;

// ---- Record: inside a batch's payload, one after another; offset = base_offset + index -----
inline constexpr size_t kRecordKeyLenAt = 0;     // u32 key bytes
inline constexpr size_t kRecordValueLenAt = 4;   // u32 value bytes
inline constexpr size_t kRecordTsAt = 8;         // i64 timestamp_ms
inline constexpr size_t kRecordHeaderSize = 16;  // then key bytes, then value bytes

// ---- Commit record: one per published transaction, appended to the commit file -------------
// header (12 bytes) followed by a body of `length` bytes.
inline constexpr uint32_t kCommitMagic = 0x31434C53;  // bytes "SLC1"
inline constexpr size_t kCommitMagicAt = 0;           // u32 kCommitMagic
inline constexpr size_t kCommitCrcAt = 4;             // u32 CRC32C of the body
inline constexpr size_t kCommitLengthAt = 8;          // u32 body bytes
inline constexpr size_t kCommitHeaderSize = 12;
// body:
inline constexpr size_t kCommitTxnAt = 0;          // u64 transaction id, 1, 2, 3, ...
inline constexpr size_t kCommitTsAt = 8;           // i64 wall-clock ms when committed
inline constexpr size_t kCommitPartitionsAt = 16;  // u32 partition count n
inline constexpr size_t kCommitEndsAt = 20;        // n x i64 end offset of each partition
// then u32 cursor length and the cursor's bytes.
inline constexpr size_t kMaxCursorLength = 64u << 10;
inline constexpr uint32_t kMaxCommitLength = 1u << 20;
// The commit file is rewritten (temp + rename) with only its newest records once it grows past
// this; older records only serve recovery's fall-back under fsync policy "never".
inline constexpr int64_t kCommitFileCompactBytes = 1 << 20;
inline constexpr size_t kCommitRecordsKeptOnCompact = 64;

// ---- Sparse index (in memory, rebuilt by the verifying scan on open) ------------------------
// One entry per segment every kIndexIntervalBytes of batches: {offset, byte position, largest
// timestamp before that position}.
inline constexpr int64_t kIndexIntervalBytes = 4096;

// ---- Consumer offsets file: text, see docs/log_format.md ------------------------------------
inline constexpr std::string_view kOffsetsFirstLine = "sluice-offsets 1";
inline constexpr std::string_view kOffsetsCrcPrefix = "crc32c ";

// ---- Partitioning: FNV-1a 64 of the key bytes (core/fnv1a.h), modulo the partition count ----

// ---- Names inside the log directory ----------------------------------------------------------
inline constexpr std::string_view kLockFileName = "LOCK";  // flock'd; holds the owner's pid
inline constexpr std::string_view kMetaFileName = "META";  // "sluice-log 1\npartitions N\n"
inline constexpr std::string_view kMetaFirstLine = "sluice-log 1";
inline constexpr std::string_view kCommitFileName = "commits";  // commit records
inline constexpr std::string_view kPartitionDirPrefix = "p";    // p0, p1, ...
inline constexpr std::string_view kSegmentSuffix = ".seg";      // <base offset, 20 digits>.seg
inline constexpr int kSegmentNameDigits = 20;
inline constexpr std::string_view kOffsetsDirName = "offsets";  // offsets/<group>.off
inline constexpr std::string_view kOffsetsSuffix = ".off";
inline constexpr std::string_view kTempSuffix = ".tmp";  // written, fsynced, then renamed

}  // namespace sluice::log_format
