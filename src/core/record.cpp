#include "core/record.h"

#include <fmt/format.h>

namespace sluice {

Record::Record(const Schema* schema) : schema_(schema), slots_(schema->size()) {}

void Record::clear() {
  for (auto& s : slots_)
    s = Slot{};
  arena_.clear();
  meta = RecordMeta{};
}

void Record::set_missing(size_t i) {
  slots_[i] = Slot{};
  slots_[i].source = JsonKind::kMissing;
}

void Record::set_null(size_t i) {
  slots_[i] = Slot{};
  slots_[i].source = JsonKind::kNull;
}

void Record::set_text(size_t i, std::string_view value, JsonKind source) {
  Slot& s = slots_[i];
  s.kind = Kind::kText;
  s.source = source;
  s.offset = static_cast<uint32_t>(arena_.size());
  s.length = static_cast<uint32_t>(value.size());
  arena_.append(value);
}

void Record::append_text(size_t i, std::string_view more) {
  Slot& s = slots_[i];
  if (s.kind != Kind::kText) {
    set_text(i, more, JsonKind::kString);
    return;
  }
  // Templates append to the field written last, so the text stays contiguous.
  if (s.offset + s.length == arena_.size()) {
    arena_.append(more);
    s.length += static_cast<uint32_t>(more.size());
    return;
  }
  std::string joined(text(i));
  joined.append(more);
  set_text(i, joined, s.source);
}

void Record::set_int(size_t i, int64_t value, JsonKind source) {
  Slot& s = slots_[i];
  s = Slot{};
  s.kind = Kind::kInt;
  s.source = source;
  s.i = value;
}

void Record::set_float(size_t i, double value, JsonKind source) {
  Slot& s = slots_[i];
  s = Slot{};
  s.kind = Kind::kFloat;
  s.source = source;
  s.f = value;
}

void Record::set_bool(size_t i, bool value, JsonKind source) {
  Slot& s = slots_[i];
  s = Slot{};
  s.kind = Kind::kBool;
  s.source = source;
  s.i = value ? 1 : 0;
}

std::string_view Record::text(size_t i) const {
  const Slot& s = slots_[i];
  if (s.kind != Kind::kText) return {};
  return std::string_view(arena_).substr(s.offset, s.length);
}

std::string Record::to_text(size_t i) const {
  const Slot& s = slots_[i];
  switch (s.kind) {
    case Kind::kNull:
      return {};
    case Kind::kText:
      return std::string(text(i));
    case Kind::kInt:
      return fmt::format("{}", s.i);
    case Kind::kFloat:
      return fmt::format("{}", s.f);
    case Kind::kBool:
      return s.i ? "true" : "false";
  }
  return {};
}

std::string_view Record::key() const {
  return text(schema_->key_index());
}

}  // namespace sluice
