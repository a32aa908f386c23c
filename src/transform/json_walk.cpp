#include "transform/json_walk.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include "transform/json_read.h"

namespace sluice::mapping {
namespace od = simdjson::ondemand;

namespace {

Status json_error(simdjson::error_code code) {
  return Status::invalid_argument(std::string("invalid JSON: ") + simdjson::error_message(code));
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool is_integer_token(std::string_view token) {
  return token.find_first_of(".eE") == std::string_view::npos;
}

// simdjson reads up to SIMDJSON_PADDING bytes past the end of its input, so records are copied
// into a buffer that keeps that slack; it only grows.
class PaddedBuffer {
 public:
  simdjson::padded_string_view wrap(std::string_view json) {
    size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
    if (needed > capacity_) {
      capacity_ = std::max(needed, capacity_ * 2);
      data_ = std::make_unique<char[]>(capacity_);  // value-initialised: padding is zeros
    }
    copy(json);
    std::memset(data_.get() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    return simdjson::padded_string_view(data_.get(), json.size(), capacity_);
  }

 private:
  // Fixed-size chunks compile to plain vector moves; glibc's memmove picks `rep movsb` for
  // records this size, which is several times slower on some CPUs (AMD Zen among them).
  void copy(std::string_view json) {
    constexpr size_t kChunk = 64;
    char* out = data_.get();
    size_t i = 0;
    for (; i + kChunk <= json.size(); i += kChunk)
      std::memcpy(out + i, json.data() + i, kChunk);
    std::memcpy(out + i, json.data() + i, json.size() - i);
  }

  std::unique_ptr<char[]> data_;
  size_t capacity_ = 0;
};

Status walk_object(od::object object, const PathTrie& trie, uint32_t node, Capture* captures);

Status capture_number(od::value value, Capture* c) {
  // raw_json_token() may include the whitespace that follows the token.
  std::string_view token = trim_right(value.raw_json_token());
  // get_double validates the token's grammar; the text keeps the spelling that was sent.
  if (auto err = value.get_double().get(c->number)) return json_error(err);
  c->kind = is_integer_token(token) ? JsonKind::kInteger : JsonKind::kFloat;
  c->text = token;
  return {};
}

Status capture_value(od::value value, const PathTrie& trie, uint32_t node, Capture* captures) {
  const PathNode& n = trie.node(node);
  od::json_type type;
  if (auto err = value.type().get(type)) return json_error(err);
  if (!n.children.empty() && type == od::json_type::object) {
    // A path read both whole and through its children ("a" and "a.b") records the whole one
    // as an object without text: On-Demand reads each value once.
    if (n.slot != kNoSlot) captures[n.slot].kind = JsonKind::kObject;
    od::object object;
    if (auto err = value.get_object().get(object)) return json_error(err);
    return walk_object(object, trie, node, captures);
  }
  // Paths below a non-object stay missing.
  if (n.slot == kNoSlot) return {};
  return capture_leaf(value, type, &captures[n.slot]);
}

Status walk_object(od::object object, const PathTrie& trie, uint32_t node, Capture* captures) {
  for (auto field_result : object) {
    if (field_result.error()) return json_error(field_result.error());
    od::field field = std::move(field_result).value_unsafe();
    std::string_view key;
    if (auto err = field_key(field, &key)) return json_error(err);
    int32_t child = trie.find_child(node, key);
    if (child < 0) continue;  // On-Demand skips the unread value when we move on
    SLUICE_RETURN_IF_ERROR(
        capture_value(field.value(), trie, static_cast<uint32_t>(child), captures));
  }
  return {};
}

}  // namespace

Status capture_leaf(od::value value, od::json_type type, Capture* c) {
  switch (type) {
    case od::json_type::string:
      if (auto err = value.get_string().get(c->text)) return json_error(err);
      c->kind = JsonKind::kString;
      return {};
    case od::json_type::number:
      return capture_number(value, c);
    case od::json_type::boolean:
      if (auto err = value.get_bool().get(c->boolean)) return json_error(err);
      c->kind = JsonKind::kBool;
      return {};
    case od::json_type::null: {
      bool is_null = false;
      if (auto err = value.is_null().get(is_null)) return json_error(err);
      if (!is_null) return json_error(simdjson::N_ATOM_ERROR);
      c->kind = JsonKind::kNull;
      return {};
    }
    case od::json_type::object: {
      od::object object;
      if (auto err = value.get_object().get(object)) return json_error(err);
      if (auto err = object.raw_json().get(c->text)) return json_error(err);
      c->kind = JsonKind::kObject;
      return {};
    }
    case od::json_type::array: {
      od::array array;
      if (auto err = value.get_array().get(array)) return json_error(err);
      if (auto err = array.raw_json().get(c->text)) return json_error(err);
      c->kind = JsonKind::kArray;
      return {};
    }
  }
  return json_error(simdjson::INCORRECT_TYPE);
}

struct JsonWalker::Impl {
  od::parser parser;
  PaddedBuffer buffer;
};

JsonWalker::JsonWalker() : impl_(std::make_unique<Impl>()) {}
JsonWalker::JsonWalker(JsonWalker&&) noexcept = default;
JsonWalker& JsonWalker::operator=(JsonWalker&&) noexcept = default;
JsonWalker::~JsonWalker() = default;

Status JsonWalker::walk(std::string_view json, const PathTrie& trie, Capture* captures) {
  std::fill(captures, captures + trie.slot_count(), Capture{});
  od::document doc;
  if (auto err = impl_->parser.iterate(impl_->buffer.wrap(json)).get(doc)) return json_error(err);
  od::object root;
  if (auto err = doc.get_object().get(root)) {
    if (err == simdjson::INCORRECT_TYPE)
      return Status::invalid_argument("JSON record is not an object");
    return json_error(err);
  }
  SLUICE_RETURN_IF_ERROR(walk_object(root, trie, PathTrie::kRoot, captures));
  // Having read the root object to its end, anything left is trailing garbage.
  const char* rest = nullptr;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) {
    return json_error(simdjson::TRAILING_CONTENT);
  }
  return {};
}

}  // namespace sluice::mapping
