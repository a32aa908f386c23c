#include "transform/template.h"

#include "core/config_template.h"

namespace sluice::mapping {

Result<std::vector<TemplatePart>> parse_template(std::string_view text, PathTrie* trie) {
  // One template grammar for the whole project: config loading validates with the same parser.
  SLUICE_ASSIGN_OR_RETURN(std::vector<sluice::TemplatePart> pieces, sluice::parse_template(text));
  std::vector<TemplatePart> parts;
  parts.reserve(pieces.size());
  for (auto& piece : pieces) {
    if (!piece.is_path) {
      parts.push_back(TemplatePart{std::move(piece.text), kNoSlot});
      continue;
    }
    auto slot = trie->add(piece.text);
    if (!slot.ok()) return slot.status().with_context("template placeholder");
    parts.push_back(TemplatePart{{}, static_cast<int32_t>(*slot)});
  }
  return parts;
}

std::string_view render_capture(const Capture& capture) {
  switch (capture.kind) {
    case JsonKind::kMissing:
    case JsonKind::kNull:
      return {};
    case JsonKind::kBool:
      return capture.boolean ? "true" : "false";
    default:
      return capture.text;
  }
}

}  // namespace sluice::mapping
