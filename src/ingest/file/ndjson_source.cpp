#include "ingest/file/ndjson_source.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace sluice {
namespace {

// Whether `line` is one whole JSON object; the reason when it is not. With a key path, also
// reads the key from the same parse: the string at the path, "" when missing or not a string.
std::string object_problem(simdjson::dom::parser& parser, std::string_view line,
                           const std::vector<std::string>& key_path, std::string* key) {
  simdjson::dom::element element;
  if (auto err = parser.parse(line.data(), line.size()).get(element)) {
    return simdjson::error_message(err);
  }
  if (!element.is_object()) return "expected a JSON object";
  key->clear();
  if (key_path.empty()) return {};
  for (const std::string& step : key_path) {
    if (element.at_key(step).get(element) != simdjson::SUCCESS) return {};
  }
  std::string_view text;
  if (element.get_string().get(text) == simdjson::SUCCESS) key->assign(text);
  return {};
}

}  // namespace

NdjsonSource::NdjsonSource(const FileSourceConfig& config) : config_(config) {}

NdjsonSource::~NdjsonSource() {
  if (file_ != nullptr && file_ != stdin) std::fclose(file_);
}

Status NdjsonSource::open() {
  if (file_ != nullptr) return {};
  if (config_.path == "-") {
    file_ = stdin;
    return {};
  }
  file_ = std::fopen(config_.path.c_str(), "rb");
  if (file_ == nullptr) {
    return Status::io_error(fmt::format("cannot open {}: {}", config_.path, std::strerror(errno)));
  }
  return {};
}

Status NdjsonSource::seek(std::string_view cursor) {
  SLUICE_RETURN_IF_ERROR(open());
  int64_t offset = 0;
  if (!cursor.empty()) {
    if (cursor.substr(0, 7) != "offset=" ||
        std::from_chars(cursor.data() + 7, cursor.data() + cursor.size(), offset).ec !=
            std::errc()) {
      return Status::invalid_argument(fmt::format("stored cursor '{}' is not offset=N", cursor));
    }
  }
  if (file_ == stdin) return {};  // a pipe starts where it is
  // Count the lines before the offset so that messages name real line numbers.
  std::rewind(file_);
  line_ = 0;
  for (int64_t i = 0; i < offset; ++i) {
    int c = std::fgetc(file_);
    if (c == EOF) {
      return Status::invalid_argument(
          fmt::format("stored cursor offset={} is past the end of {} (was the file replaced?)",
                      offset, config_.path));
    }
    if (c == '\n') ++line_;
  }
  offset_ = offset;
  return {};
}

Result<SourceBatch> NdjsonSource::next() {
  SLUICE_RETURN_IF_ERROR(open());
  SourceBatch batch;
  simdjson::dom::parser parser;
  char* buffer = nullptr;
  size_t capacity = 0;
  const int64_t first_line = line_ + 1;
  const int64_t first_byte = offset_;
  std::string key;
  while (static_cast<int>(batch.records.size()) < config_.batch_records) {
    ssize_t n = getline(&buffer, &capacity, file_);
    if (n < 0) break;
    std::string_view line(buffer, static_cast<size_t>(n));
    // A last line without its newline may still be being written: leave it for the next run.
    if (line.empty() || line.back() != '\n') {
      if (file_ != stdin) std::fseek(file_, offset_, SEEK_SET);
      if (file_ != stdin || line.empty()) break;
    }
    offset_ += n;
    ++line_;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.remove_suffix(1);
    // A UTF-8 byte-order mark at the start of the file (some editors save one) is not part of
    // the first record. Anywhere else it is foreign bytes before an object, and rejected.
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
    if (line_ == 1 && line.substr(0, kByteOrderMark.size()) == kByteOrderMark)
      line.remove_prefix(kByteOrderMark.size());
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    std::string problem = object_problem(parser, line, key_path_, &key);
    if (!problem.empty()) {
      batch.rejected.push_back(fmt::format("{}:{}: {}", config_.path, line_, problem));
      continue;
    }
    batch.records.emplace_back(line);
    if (!key_path_.empty()) batch.keys.push_back(key);
    stats_.bytes += n;
  }
  std::free(buffer);
  if (std::ferror(file_)) {
    return Status::io_error(fmt::format("reading {}: {}", config_.path, std::strerror(errno)));
  }
  ++stats_.requests;
  stats_.records += static_cast<int64_t>(batch.records.size());
  report_fetch("", offset_ - first_byte);  // every byte read, rejected lines too
  batch.source_id = fmt::format("file:{}:line={}", config_.path, first_line);
  batch.cursor_after = fmt::format("offset={}", offset_);
  return batch;
}

}  // namespace sluice
