// regex: each judged text value fully matches `pattern` (RE2 syntax and semantics: `$` is the
// end of text, so a trailing newline does not match; \d and classes are ASCII). Patterns that
// SimpleRegex understands are decided by it for short ASCII values, exactly as RE2 would.
#include <fmt/format.h>
#include <re2/re2.h>

#include "quality/describe.h"
#include "quality/rules/rule_kinds.h"
#include "quality/simple_regex.h"

namespace sluice {
namespace {

class RegexRule final : public Rule {
 public:
  RegexRule(std::vector<FieldRef> fields, std::unique_ptr<RE2> re)
      : fields_(std::move(fields)),
        re_(std::move(re)),
        simple_(SimpleRegex::compile(re_->pattern())) {}

  bool check(const Record& record, UniqueIndex*, std::string* message) const override {
    bool ok = true;
    for (const FieldRef& f : fields_) {
      auto text = f.judged_text(record);
      if (!text || matches(*text)) continue;
      ok = false;
      append_problem(message, fmt::format("{}: {} does not match {}", f.name, quote_value(*text),
                                          re_->pattern()));
    }
    return ok;
  }

 private:
  bool matches(std::string_view text) const {
    std::optional<bool> fast = simple_ ? simple_->full_match(text) : std::nullopt;
    return fast ? *fast : RE2::FullMatch(text, *re_);
  }

  std::vector<FieldRef> fields_;
  std::unique_ptr<RE2> re_;
  std::optional<SimpleRegex> simple_;
};

}  // namespace

Result<RulePtr> make_regex_rule(const RuleConfig& config, const RuleContext& context) {
  SLUICE_ASSIGN_OR_RETURN(auto fields, resolve_text_fields(config, context));
  if (config.pattern.empty()) return Status::invalid_argument("needs a pattern");
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(config.pattern, options);
  if (!re->ok()) {
    return Status::invalid_argument("bad pattern '" + config.pattern + "': " + re->error());
  }
  return RulePtr(std::make_unique<RegexRule>(std::move(fields), std::move(re)));
}

}  // namespace sluice
