// Valid response frames built by hand for the decoder tests (and the fuzz seed corpus): one per
// message kind, each written with WireWriter exactly as the spec lays it out.
#pragma once

#include <string>
#include <vector>

#include "cql/frame.h"
#include "cql/wire_writer.h"

namespace sluice::cql::testing {

inline std::string response_frame(Opcode op, const std::string& body, int16_t stream = 1,
                                  uint8_t flags = 0) {
  std::string out;
  encode_header({kResponseVersion, flags, stream, op, static_cast<uint32_t>(body.size())}, out);
  return out + body;
}

inline void column(WireWriter& w, const char* name, uint16_t type) {
  (void)w.write_string(name);
  w.write_short(type);
}

inline void cell(WireWriter& w, const std::string& bytes) {
  (void)w.write_bytes(bytes);
}

// SELECT of one row with a column of every type the sink uses, plus list<int>, set<text>,
// map<text, bigint>, a null, and a paging state: 11 columns, global table spec.
inline std::string rows_body() {
  std::string b;
  WireWriter w(b);
  w.write_int(0x0002);                                  // Rows
  w.write_int(0x0001 | 0x0002);                         // global table spec, has more pages
  w.write_int(11);                                      // columns
  (void)w.write_bytes(std::string("\x01\x02\x03", 3));  // paging state
  (void)w.write_string("ks");
  (void)w.write_string("t");
  column(w, "name", 0x000D);
  column(w, "n", 0x0009);
  column(w, "big", 0x0002);
  column(w, "ok", 0x0004);
  column(w, "score", 0x0007);
  column(w, "at", 0x000B);
  column(w, "id", 0x000C);
  column(w, "raw", 0x0003);
  column(w, "ints", 0x0020);
  w.write_short(0x0009);
  column(w, "tags", 0x0022);
  w.write_short(0x000D);
  column(w, "counts", 0x0021);
  w.write_short(0x000D);
  w.write_short(0x0002);
  w.write_int(2);  // rows
  for (int row = 0; row < 2; ++row) {
    cell(w, "alice");
    cell(w, std::string("\x00\x00\x00\x2a", 4));                  // 42
    cell(w, std::string("\xff\xff\xff\xff\xff\xff\xff\xfe", 8));  // -2
    cell(w, std::string("\x01", 1));                              // true
    cell(w, std::string("\x3f\xf8\x00\x00\x00\x00\x00\x00", 8));  // 1.5
    cell(w, std::string("\x00\x00\x01\x8b\xcf\xe5\x68\x00", 8));  // 1700000000000
    cell(w, std::string("\x55\x0e\x84\x00\xe2\x9b\x41\xd4\xa7\x16\x44\x66\x55\x44\x00\x00", 16));
    if (row == 0) {
      cell(w, std::string("\x00\xff", 2));
    } else {
      (void)w.write_bytes(std::nullopt);  // null blob
    }
    // list<int> [1, 2]
    cell(w, std::string("\x00\x00\x00\x02\x00\x00\x00\x04\x00\x00\x00\x01\x00\x00\x00\x04"
                        "\x00\x00\x00\x02",
                        20));
    // set<text> {"a"}
    cell(w, std::string("\x00\x00\x00\x01\x00\x00\x00\x01"
                        "a",
                        9));
    // map<text, bigint> {"k": 7}
    cell(w, std::string("\x00\x00\x00\x01\x00\x00\x00\x01k\x00\x00\x00\x08"
                        "\x00\x00\x00\x00\x00\x00\x00\x07",
                        21));
  }
  return b;
}

inline std::string prepared_body() {
  std::string b;
  WireWriter w(b);
  w.write_int(0x0004);
  (void)w.write_short_bytes(std::string("\xaa\xbb\xcc\xdd", 4));
  w.write_int(0x0001);  // global table spec
  w.write_int(2);       // bind markers
  w.write_int(1);       // partition key indexes
  w.write_short(0);
  (void)w.write_string("ks");
  (void)w.write_string("t");
  column(w, "name", 0x000D);
  column(w, "n", 0x0009);
  w.write_int(0x0004);  // result metadata: no metadata
  w.write_int(0);
  return b;
}

inline std::string schema_change_body() {
  std::string b;
  WireWriter w(b);
  w.write_int(0x0005);
  (void)w.write_string("CREATED");
  (void)w.write_string("TABLE");
  (void)w.write_string("ks");
  (void)w.write_string("t");
  return b;
}

inline std::string set_keyspace_body() {
  std::string b;
  WireWriter w(b);
  w.write_int(0x0003);
  (void)w.write_string("ks");
  return b;
}

inline std::string error_body(int32_t code) {
  std::string b;
  WireWriter w(b);
  w.write_int(code);
  (void)w.write_string("something went wrong");
  switch (code) {
    case 0x1000:
      w.write_short(6);
      w.write_int(3);
      w.write_int(1);
      break;
    case 0x1100:
      w.write_short(6);
      w.write_int(1);
      w.write_int(2);
      (void)w.write_string("SIMPLE");
      break;
    case 0x1200:
      w.write_short(1);
      w.write_int(0);
      w.write_int(1);
      w.write_byte(0);
      break;
    case 0x2400:
      (void)w.write_string("ks");
      (void)w.write_string("t");
      break;
    case 0x2500:
      (void)w.write_short_bytes(std::string("\xaa\xbb", 2));
      break;
    default:
      break;
  }
  return b;
}

inline std::string supported_body() {
  std::string b;
  WireWriter w(b);
  w.write_short(1);
  (void)w.write_string("CQL_VERSION");
  (void)w.write_string_list({"3.4.7"});
  return b;
}

// Every sample as a whole frame, for the robustness test and the fuzz corpus.
inline std::vector<std::string> sample_frames() {
  std::string warned;
  {
    WireWriter w(warned);
    (void)w.write_string_list({"batch too large"});
    warned += set_keyspace_body();
  }
  return {
      response_frame(Opcode::kResult, rows_body()),
      response_frame(Opcode::kResult, prepared_body()),
      response_frame(Opcode::kResult, schema_change_body()),
      response_frame(Opcode::kResult, set_keyspace_body()),
      response_frame(Opcode::kResult, std::string("\x00\x00\x00\x01", 4)),
      response_frame(Opcode::kResult, warned, 2, kFlagWarning),
      response_frame(Opcode::kError, error_body(0x1000)),
      response_frame(Opcode::kError, error_body(0x1100)),
      response_frame(Opcode::kError, error_body(0x1200)),
      response_frame(Opcode::kError, error_body(0x2400)),
      response_frame(Opcode::kError, error_body(0x2500)),
      response_frame(Opcode::kSupported, supported_body()),
      response_frame(Opcode::kReady, ""),
  };
}

}  // namespace sluice::cql::testing
