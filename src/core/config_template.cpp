#include "core/config_template.h"

#include <fmt/format.h>

#include "core/trim_spaces.h"

namespace sluice {
namespace {

bool is_segment_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

void add_literal(std::vector<TemplatePart>* parts, std::string_view text) {
  if (text.empty()) return;
  if (parts->empty() || parts->back().is_path) parts->push_back({false, {}});
  parts->back().text += text;
}

void add_literal(std::vector<TemplatePart>* parts, char c) {
  add_literal(parts, std::string_view(&c, 1));
}

}  // namespace

bool is_valid_path(std::string_view path) {
  if (path.empty()) return false;
  size_t segment = 0;
  for (char c : path) {
    if (c == '.') {
      if (segment == 0) return false;
      segment = 0;
    } else if (is_segment_char(c)) {
      ++segment;
    } else {
      return false;
    }
  }
  return segment > 0;
}

Result<std::vector<TemplatePart>> parse_template(std::string_view text) {
  std::vector<TemplatePart> parts;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') {
        add_literal(&parts, '}');
        i += 2;
        continue;
      }
      return Status::invalid_argument(
          fmt::format("stray '}}' at column {} (write '}}}}' for a literal brace)", i + 1));
    }
    if (c != '{') {
      add_literal(&parts, c);
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      add_literal(&parts, '{');
      i += 2;
      continue;
    }
    size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) {
      return Status::invalid_argument(fmt::format("unclosed '{{' at column {}", i + 1));
    }
    std::string_view path = text.substr(i + 1, close - i - 1);
    if (!is_valid_path(path)) {
      return Status::invalid_argument(fmt::format(
          "bad placeholder {{{}}} at column {}: expected a dotted path like {{location.city}}",
          path, i + 1));
    }
    parts.push_back({true, std::string(path)});
    i = close + 1;
  }
  return parts;
}

Result<std::vector<TemplatePart>> parse_double_brace_template(std::string_view text) {
  std::vector<TemplatePart> parts;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("{{", i);
    if (open == std::string_view::npos) {
      add_literal(&parts, text.substr(i));
      break;
    }
    add_literal(&parts, text.substr(i, open - i));
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return Status::invalid_argument(fmt::format("unclosed '{{{{' at column {}", open + 1));
    }
    const std::string_view name = trim_spaces(text.substr(open + 2, close - open - 2));
    if (!is_valid_path(name)) {
      return Status::invalid_argument(
          fmt::format("bad placeholder {{{{ {} }}}} at column {}: expected a name like "
                      "{{{{ ds }}}} or {{{{ params.table }}}}",
                      name, open + 1));
    }
    parts.push_back({true, std::string(name)});
    i = close + 2;
  }
  return parts;
}

}  // namespace sluice
