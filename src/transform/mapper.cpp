#include "transform/mapper.h"

#include <utility>

#include "core/dotted_path.h"
#include "transform/capture.h"
#include "transform/field_writer.h"
#include "transform/json_walk.h"
#include "transform/path_trie.h"
#include "transform/template.h"

namespace sluice {
namespace {

// How one schema field is filled: from one path's capture, or by rendering a template.
struct FieldPlan {
  FieldType type = FieldType::kText;
  int32_t slot = mapping::kNoSlot;
  bool is_template = false;
  std::vector<mapping::TemplatePart> parts;
};

const FieldConfig* find_config(const std::vector<FieldConfig>& fields, std::string_view name) {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Result<FieldPlan> plan_field(const FieldConfig& config, FieldType type, mapping::PathTrie* trie) {
  FieldPlan plan;
  plan.type = type;
  if (!config.from.empty() && !config.template_text.empty()) {
    return Status::invalid_argument("has both `from` and `template`");
  }
  if (!config.template_text.empty()) {
    plan.is_template = true;
    SLUICE_ASSIGN_OR_RETURN(plan.parts, mapping::parse_template(config.template_text, trie));
    return plan;
  }
  // A field with neither reads the top-level key of its own name.
  SLUICE_ASSIGN_OR_RETURN(uint32_t slot,
                          trie->add(config.from.empty() ? config.name : config.from));
  plan.slot = static_cast<int32_t>(slot);
  return plan;
}

// Empties every field of `out` but keeps its meta (callers may set the log position first).
void reset_fields(Record* out) {
  RecordMeta meta = std::move(out->meta);
  out->clear();
  out->meta = std::move(meta);
}

}  // namespace

struct Mapper::Impl {
  const Schema* schema = nullptr;
  mapping::PathTrie trie;
  std::vector<FieldPlan> plans;  // indexed like the schema's fields
  std::vector<mapping::Capture> captures;
  mapping::JsonWalker walker;

  // key_of(): a trie holding only the key's path, so other fields are skipped unparsed.
  mapping::PathTrie key_trie;
  int32_t key_slot = mapping::kNoSlot;  // kNoSlot when the key is a template: map fully
  std::vector<std::string> key_path;    // empty when the key is a template
  std::vector<mapping::Capture> key_captures;
  std::unique_ptr<Record> scratch;

  void fill(Record* out) const {
    for (size_t i = 0; i < plans.size(); ++i) {
      const FieldPlan& p = plans[i];
      if (!p.is_template) {
        mapping::write_capture(captures[p.slot], p.type, i, out);
        continue;
      }
      out->set_text(i, {}, JsonKind::kString);
      for (const auto& part : p.parts) {
        out->append_text(i, part.slot == mapping::kNoSlot
                                ? std::string_view(part.literal)
                                : mapping::render_capture(captures[part.slot]));
      }
    }
  }
};

Mapper::Mapper() : impl_(std::make_unique<Impl>()) {}
Mapper::Mapper(Mapper&&) noexcept = default;
Mapper& Mapper::operator=(Mapper&&) noexcept = default;
Mapper::~Mapper() = default;

Result<Mapper> Mapper::compile(const std::vector<FieldConfig>& fields, const Schema& schema) {
  Mapper mapper;
  Impl& im = *mapper.impl_;
  im.schema = &schema;
  for (const auto& f : fields) {
    if (!schema.index_of(f.name)) {
      return Status::invalid_argument("field '" + f.name + "' is not in the schema");
    }
  }
  for (const auto& spec : schema.fields()) {
    const FieldConfig* config = find_config(fields, spec.name);
    if (config == nullptr) {
      return Status::invalid_argument("field '" + spec.name + "' has no mapping");
    }
    auto plan = plan_field(*config, spec.type, &im.trie);
    if (!plan.ok()) return plan.status().with_context("field '" + spec.name + "'");
    im.plans.push_back(std::move(plan).value());
  }
  im.captures.resize(im.trie.slot_count());

  const FieldPlan& key_plan = im.plans[schema.key_index()];
  if (!key_plan.is_template) {
    const FieldConfig* key_config = find_config(fields, schema.key_name());
    const std::string& path = key_config->from.empty() ? key_config->name : key_config->from;
    auto slot = im.key_trie.add(path);
    if (!slot.ok()) return slot.status();
    im.key_path = split_dotted_path(path);
    im.key_slot = static_cast<int32_t>(*slot);
    im.key_captures.resize(im.key_trie.slot_count());
  } else {
    im.scratch = std::make_unique<Record>(&schema);
  }
  return mapper;
}

Status Mapper::map(std::string_view json, Record* out) {
  reset_fields(out);
  Impl& im = *impl_;
  Status status = im.walker.walk(json, im.trie, im.captures.data());
  if (!status.ok()) {
    reset_fields(out);
    return status;
  }
  im.fill(out);
  return {};
}

const std::vector<std::string>& Mapper::key_path() const {
  return impl_->key_path;
}

std::string Mapper::key_of(std::string_view json) {
  Impl& im = *impl_;
  if (im.key_slot == mapping::kNoSlot) {
    if (!map(json, im.scratch.get()).ok()) return {};
    return std::string(im.scratch->key());
  }
  if (!im.walker.walk(json, im.key_trie, im.key_captures.data()).ok()) return {};
  const mapping::Capture& c = im.key_captures[im.key_slot];
  return c.kind == JsonKind::kString ? std::string(c.text) : std::string();
}

}  // namespace sluice
