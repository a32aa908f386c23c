// The CQL native protocol v4 frame: every magic number of the frame header lives here, with one
// line per field (spec: doc/native_protocol_v4.spec in apache/cassandra, sections 2 and 4).
// All integers on the wire are big-endian. The body layouts are in messages.h and result.h.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::cql {

// ---- Frame header: 9 bytes, then `length` bytes of body ------------------------------------
inline constexpr size_t kVersionAt = 0;  // u8: protocol version, top bit set on responses
inline constexpr size_t kFlagsAt = 1;    // u8: kFlag* below
inline constexpr size_t kStreamAt = 2;   // i16: request id chosen by the client; -1 for events
inline constexpr size_t kOpcodeAt = 4;   // u8: Opcode below
inline constexpr size_t kLengthAt = 5;   // u32: body bytes after the header
inline constexpr size_t kHeaderSize = 9;

inline constexpr uint8_t kProtocolVersion = 4;
inline constexpr uint8_t kRequestVersion = 0x04;   // client -> server
inline constexpr uint8_t kResponseVersion = 0x84;  // server -> client
inline constexpr uint8_t kDirectionMask = 0x80;    // the response bit of the version byte

// Flags. A response body starts with the tracing id (if flagged), then the warnings, then the
// custom payload, then the message itself.
inline constexpr uint8_t kFlagCompression = 0x01;    // body compressed (never negotiated by us)
inline constexpr uint8_t kFlagTracing = 0x02;        // response: [uuid] tracing id first
inline constexpr uint8_t kFlagCustomPayload = 0x04;  // [bytes map] before the message
inline constexpr uint8_t kFlagWarning = 0x08;        // response: [string list] of warnings

// The server caps frames at 256 MiB; we refuse larger bodies before allocating anything.
inline constexpr uint32_t kDefaultMaxBodyLength = 256u << 20;
// Client stream ids are 0..32767 (negative ids are the server's).
inline constexpr int kMaxStreams = 32768;
inline constexpr int16_t kEventStream = -1;

enum class Opcode : uint8_t {
  kError = 0x00,
  kStartup = 0x01,
  kReady = 0x02,
  kAuthenticate = 0x03,
  kOptions = 0x05,
  kSupported = 0x06,
  kQuery = 0x07,
  kResult = 0x08,
  kPrepare = 0x09,
  kExecute = 0x0A,
  kRegister = 0x0B,
  kEvent = 0x0C,
  kBatch = 0x0D,
  kAuthChallenge = 0x0E,
  kAuthResponse = 0x0F,
  kAuthSuccess = 0x10,
};

// ---- RESULT kinds ([int] at the start of a RESULT body) -------------------------------------
enum class ResultKind : int32_t {
  kVoid = 0x0001,
  kRows = 0x0002,
  kSetKeyspace = 0x0003,
  kPrepared = 0x0004,
  kSchemaChange = 0x0005,
};

// Rows metadata flags ([int]).
inline constexpr int32_t kMetaGlobalTableSpec = 0x0001;  // one keyspace/table for all columns
inline constexpr int32_t kMetaHasMorePages = 0x0002;     // a [bytes] paging state follows
inline constexpr int32_t kMetaNoMetadata = 0x0004;       // no column specs (skip_metadata asked)

// QUERY / EXECUTE parameter flags ([byte]).
inline constexpr uint8_t kQueryValues = 0x01;             // [short] n, then n [value]
inline constexpr uint8_t kQuerySkipMetadata = 0x02;       // answer rows without metadata
inline constexpr uint8_t kQueryPageSize = 0x04;           // [int] result page size
inline constexpr uint8_t kQueryPagingState = 0x08;        // [bytes] paging state
inline constexpr uint8_t kQuerySerialConsistency = 0x10;  // [consistency] for LWT
inline constexpr uint8_t kQueryDefaultTimestamp = 0x20;   // [long] microseconds
inline constexpr uint8_t kQueryValueNames = 0x40;         // values are preceded by names

// BATCH: [byte] type, then per statement a [byte] kind.
inline constexpr uint8_t kBatchQueryKindString = 0;    // [long string] query
inline constexpr uint8_t kBatchQueryKindPrepared = 1;  // [short bytes] prepared id

// [value] lengths below zero.
inline constexpr int32_t kValueNull = -1;
inline constexpr int32_t kValueNotSet = -2;

}  // namespace sluice::cql
