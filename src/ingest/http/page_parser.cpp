#include "ingest/http/page_parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <optional>

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

// Splits the records array `node` into each record's raw JSON and, with a key path, its key.
Status split_records(od::document& doc, od::value node, const std::vector<std::string>& key_path,
                     std::vector<std::string>* parsed, std::vector<std::string>* parsed_keys) {
  simdjson::ondemand::array records;
  if (auto err = node.get_array().get(records)) return malformed("records are not an array", err);
  const bool with_keys = !key_path.empty();
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
        if (auto err = split_keyed_object(doc, object, start, key_path, &raw, &key)) {
          return malformed("record", err);
        }
        parsed_keys->push_back(std::move(key));
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
    parsed->emplace_back(raw);
    if (with_keys && parsed_keys->size() < parsed->size()) parsed_keys->emplace_back();
  }
  return {};
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

  // One pass over the top-level fields, in order, to their end (which also catches a body cut
  // after the records). Not find_field_unordered(): when it wraps around to an object's start
  // it takes the object as well formed, and on a broken body it ran past the object's end
  // (fuzz input tests/fuzz/corpus/page/regression_unordered_search_wraps).
  std::optional<std::string_view> api_error;  // randomuser.me: 200 with {"error": "..."}
  bool found = false;
  std::vector<std::string> parsed;
  std::vector<std::string> parsed_keys;
  for (auto field_result : root) {
    if (auto err = field_result.error()) return malformed("parse", err);
    od::field field = std::move(field_result).value_unsafe();
    std::string_view name;
    if (auto err = mapping::field_key(field, &name)) return malformed("parse", err);
    if (name == "error") {
      std::string_view text;
      if (field.value().get_string().get(text) == simdjson::SUCCESS) api_error = text;
      continue;
    }
    if (found || name != path_[0]) continue;  // the first of a repeated name holds the records
    found = true;
    od::value node = field.value();
    for (size_t i = 1; i < path_.size(); ++i) {
      if (auto err = node.find_field_unordered(path_[i]).get(node)) {
        return malformed(fmt::format("no '{}' in the response", path_[i]), err);
      }
    }
    SLUICE_RETURN_IF_ERROR(split_records(doc, node, key_path_, &parsed, &parsed_keys));
  }
  if (api_error) {
    return Status::unavailable(fmt::format("the API answered with an error: {}", *api_error));
  }
  if (!found) {
    return malformed(fmt::format("no '{}' in the response", path_[0]), simdjson::NO_SUCH_FIELD);
  }
  *out = std::move(parsed);
  *keys = std::move(parsed_keys);
  return {};
}

}  // namespace sluice
