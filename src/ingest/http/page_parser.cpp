#include "ingest/http/page_parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "core/dotted_path.h"
#include "transform/json_read.h"

namespace sluice {

struct PageParser::Impl {
  simdjson::ondemand::parser parser;
};

PageParser::PageParser(const std::string& records_path)
    : path_(split_dotted_path(records_path)), impl_(new Impl) {}

PageParser::~PageParser() {
  delete impl_;
}

namespace {

Status malformed(std::string_view what, simdjson::error_code err) {
  return Status::invalid_argument(
      fmt::format("malformed response body: {}: {}", what, simdjson::error_message(err)));
}

namespace od = simdjson::ondemand;

// Reads the key at path[depth..] below `value` exactly as Mapper::key_of's walker does
// (transform/json_walk.cpp), so that a record is partitioned by the key it is stored under:
// names compared unescaped; every occurrence of a repeated name read in turn, so the last one
// seen wins; a value that is not an object part way down skipped. `*failed` when the walker
// would fail the record on a value it reads (a bad escape, a malformed number): its key is then
// "". Returns broken structure, after which the page's iterator cannot be used any more.
simdjson::error_code read_key_at(od::value value, const std::vector<std::string>& path,
                                 size_t depth, mapping::Capture* leaf, bool* failed) {
  od::json_type type;
  if (auto err = value.type().get(type)) return err;
  if (depth == path.size()) {
    const bool container = type == od::json_type::object || type == od::json_type::array;
    if (!mapping::capture_leaf(value, type, leaf).ok()) {
      if (container) return simdjson::TAPE_ERROR;
      *failed = true;
    }
    return simdjson::SUCCESS;
  }
  if (type != od::json_type::object) return simdjson::SUCCESS;
  od::object object;
  if (auto err = value.get_object().get(object)) return err;
  for (auto field_result : object) {
    if (auto err = field_result.error()) return err;
    od::field field = std::move(field_result).value_unsafe();
    std::string_view name;
    if (mapping::field_key(field, &name) != simdjson::SUCCESS) {
      *failed = true;
      continue;  // walk on to the object's end: the record's bytes are still handed out
    }
    if (*failed || name != path[depth]) continue;  // On-Demand skips the unread value
    if (auto err = read_key_at(field.value(), path, depth + 1, leaf, failed)) return err;
  }
  return simdjson::SUCCESS;
}

// Walks one record object field by field to its end, reading the key on the way: the record
// is walked once, where raw_json() and then a search for the key walked most of it twice.
// `raw` gets the record's bytes from `start` to the token after it.
simdjson::error_code split_keyed_object(od::document& doc, od::object& object, const char* start,
                                        const std::vector<std::string>& key_path,
                                        std::string_view* raw, std::string* key) {
  mapping::Capture leaf;
  bool failed = false;
  for (auto field_result : object) {
    if (auto err = field_result.error()) return err;
    if (failed) continue;  // the key is "" whatever follows; walk on to the record's end
    od::field field = std::move(field_result).value_unsafe();
    std::string_view name;
    if (mapping::field_key(field, &name) != simdjson::SUCCESS) {
      failed = true;
      continue;
    }
    if (name != key_path[0]) continue;
    if (auto err = read_key_at(field.value(), key_path, 1, &leaf, &failed)) return err;
  }
  *key = !failed && leaf.kind == JsonKind::kString ? std::string(leaf.text) : std::string();
  const char* end = nullptr;
  if (auto err = doc.current_location().get(end)) return err;
  *raw = std::string_view(start, static_cast<size_t>(end - start));
  return simdjson::SUCCESS;
}

}  // namespace

Status PageParser::parse(std::string* body, std::vector<std::string>* out,
                         std::vector<std::string>* keys) {
  out->clear();
  keys->clear();
  const size_t size = body->size();
  body->reserve(size + simdjson::SIMDJSON_PADDING);
  simdjson::padded_string_view padded(body->data(), size, body->capacity());
  simdjson::ondemand::document doc;
  if (auto err = impl_->parser.iterate(padded).get(doc)) return malformed("parse", err);
  simdjson::ondemand::object root;
  if (auto err = doc.get_object().get(root)) return malformed("top level is not an object", err);

  // randomuser.me reports some failures as 200 with {"error": "..."}. Looking for it scans the
  // whole body: broken structure found on the way ends the parse here, since the parser's
  // iterator is unusable after it (fuzz input page crash-5cd8e8b7 read through a null parser).
  simdjson::ondemand::value error_value;
  const auto error_field = root.find_field_unordered("error").get(error_value);
  if (error_field == simdjson::SUCCESS) {
    std::string_view api_error;
    if (error_value.get_string().get(api_error) == simdjson::SUCCESS) {
      return Status::unavailable(fmt::format("the API answered with an error: {}", api_error));
    }
  } else if (error_field != simdjson::NO_SUCH_FIELD) {
    return malformed("parse", error_field);
  }
  simdjson::ondemand::value node;
  if (auto err = root.find_field_unordered(path_[0]).get(node)) {
    return malformed(fmt::format("no '{}' in the response", path_[0]), err);
  }
  for (size_t i = 1; i < path_.size(); ++i) {
    if (auto err = node.find_field_unordered(path_[i]).get(node)) {
      return malformed(fmt::format("no '{}' in the response", path_[i]), err);
    }
  }
  simdjson::ondemand::array records;
  if (auto err = node.get_array().get(records)) return malformed("records are not an array", err);
  std::vector<std::string> parsed;
  std::vector<std::string> parsed_keys;
  const bool with_keys = !key_path_.empty();
  for (auto element : records) {
    simdjson::ondemand::value value;
    if (auto err = element.get(value)) return malformed("record", err);
    std::string_view raw;
    simdjson::ondemand::json_type type;
    if (auto err = value.type().get(type)) return malformed("record", err);
    if (type == simdjson::ondemand::json_type::object) {
      const char* start = value.raw_json_token().data();
      simdjson::ondemand::object object;
      if (auto err = value.get_object().get(object)) return malformed("record", err);
      if (with_keys) {
        std::string key;
        if (auto err = split_keyed_object(doc, object, start, key_path_, &raw, &key)) {
          return malformed("record", err);
        }
        parsed_keys.push_back(std::move(key));
      } else if (auto err = object.raw_json().get(raw)) {
        return malformed("record", err);
      }
    } else if (type == simdjson::ondemand::json_type::array) {
      simdjson::ondemand::array array;
      if (auto err = value.get_array().get(array)) return malformed("record", err);
      if (auto err = array.raw_json().get(raw)) return malformed("record", err);
    } else {
      raw = value.raw_json_token();
    }
    // raw_json() runs up to the next token, so it carries the whitespace after the value.
    while (!raw.empty() &&
           (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t')) {
      raw.remove_suffix(1);
    }
    parsed.emplace_back(raw);
    if (with_keys && parsed_keys.size() < parsed.size()) parsed_keys.emplace_back();
  }
  // The On-Demand parser checks lazily: scan the rest of the top-level object for a key that
  // cannot exist, so a body cut after the records array is still caught as malformed.
  simdjson::ondemand::value none;
  auto tail = root.find_field_unordered("\x01sluice-end-probe").get(none);
  if (tail != simdjson::NO_SUCH_FIELD) return malformed("body after the records", tail);
  *out = std::move(parsed);
  *keys = std::move(parsed_keys);
  return {};
}

}  // namespace sluice
