// JsonWriter: compact JSON appended straight to a string, for the mock API's generator. Building
// a DOM per record and dumping it cost ~15 µs a record, which made the mock the slowest stage of
// the end-to-end benchmark; writing the bytes directly costs a fraction of that.
//
// It writes what it is told, in that order: keys and nesting are the caller's business, commas
// are the writer's. string() escapes as JSON requires and passes every other byte through, so
// UTF-8 stays UTF-8 (the input must be valid UTF-8, as the mock's data is). Not thread-safe.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/json_escape.h"

namespace sluice::mock {

class JsonWriter {
 public:
  // Appends to `*out`, whose spare capacity it uses first (reserve ahead to avoid regrowing).
  // Until finish(), the string's tail holds unwritten bytes: call it before using the string.
  explicit JsonWriter(std::string* out) : out_(out) {
    size_t used = out->size();
    out->resize(out->capacity());
    pos_ = out->data() + used;
    end_ = out->data() + out->size();
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Trims the string to what was written. Writing may continue afterwards.
  void finish() {
    size_t used = static_cast<size_t>(pos_ - out_->data());
    out_->resize(used);
    pos_ = end_ = out_->data() + used;
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // `name` is a literal of the generator's and needs no escaping. Taking the array keeps its
  // length a constant, so the copy compiles to a few moves instead of a memcpy call.
  template <size_t N>
  void key(const char (&name)[N]) {
    constexpr size_t kLength = N - 1;
    reserve(kLength + 4);
    separate();
    *pos_++ = '"';
    std::memcpy(pos_, name, kLength);
    pos_ += kLength;
    *pos_++ = '"';
    *pos_++ = ':';
    first_ = true;  // the value that follows takes no comma
  }

  void string(std::string_view text) {
    reserve(text.size() * 6 + 3);  // every byte escaped as \u00XX at worst
    separate();
    *pos_++ = '"';
    put_escaped(text);
    *pos_++ = '"';
  }
  // For text made only of characters that never need escaping (digits, hex, ASCII letters,
  // '-', ':', '.', '/', ' '): skips the scan.
  void plain_string(std::string_view text) {
    reserve(text.size() + 3);
    separate();
    *pos_++ = '"';
    put(text);
    *pos_++ = '"';
  }
  void integer(int64_t value) {
    reserve(24);
    separate();
    pos_ = std::to_chars(pos_, end_, value).ptr;
  }
  void null() {
    reserve(5);
    separate();
    put("null");
  }
  // An already serialised JSON value, such as a record written by another JsonWriter.
  void raw(std::string_view json) {
    reserve(json.size() + 1);
    separate();
    put(json);
  }

 private:
  // Room for `n` more bytes plus a comma. Writing through a raw pointer, with one capacity check
  // per value, is what makes this fast: std::string::append checks and updates per call.
  void reserve(size_t n) {
    if (static_cast<size_t>(end_ - pos_) > n) return;
    size_t used = static_cast<size_t>(pos_ - out_->data());
    out_->resize(std::max(out_->size() * 2, used + n + 1024));
    pos_ = out_->data() + used;
    end_ = out_->data() + out_->size();
  }
  void put(std::string_view text) {
    std::memcpy(pos_, text.data(), text.size());
    pos_ += text.size();
  }
  void separate() {
    if (!first_) *pos_++ = ',';
    first_ = false;
  }
  void open(char bracket) {
    reserve(1);
    separate();
    *pos_++ = bracket;
    first_ = true;
  }
  void close(char bracket) {
    reserve(1);
    *pos_++ = bracket;
    first_ = false;
  }

  // Escapes '"', '\\' and control characters; every other byte is copied as is.
  void put_escaped(std::string_view text) { pos_ = write_json_escaped(text, pos_); }

  std::string* out_;
  char* pos_;          // next byte to write
  char* end_;          // end of the string's current (resized) length
  bool first_ = true;  // nothing written yet at this level, or a key was just written
};

}  // namespace sluice::mock
