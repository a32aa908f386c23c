// FieldProtector: what `protect:` does to a record's fields before it is stored
// (docs/privacy.md). Rules have judged the values as received; a valid record then has its
// protected text fields replaced: `mask` keeps `keep_first` and `keep_last` characters (code
// points) and puts '*' for each of the others, `hash` stores the lowercase hex HMAC-SHA256 of
// the value under the pipeline's key, so equal values stay equal (joins and counts still work)
// while the value itself cannot be read back without the key. Null stays null.
// Thread-safety: apply() is const and may run on several threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/config_interpolate.h"
#include "core/record.h"
#include "core/status.h"

namespace sluice {

class FieldProtector {
 public:
  FieldProtector() = default;

  // The protector of `config`'s fields; when some field is hashed, loads the key from
  // protect.key_env (when that variable is set), else protect.key_file (default
  // <data_dir>/protect.key), creating it (0600, 32 random bytes) when create_key is on. Errors
  // name the variable or file, never the key.
  static Result<FieldProtector> create(const PipelineConfig& config, const EnvLookup& env);
  // The same with the hash key given (`sluice test`: a key of its own per run).
  static FieldProtector with_key(const PipelineConfig& config, std::string key);

  bool active() const { return !steps_.empty(); }
  void apply(Record* record) const;
  // What is stored for `value` of schema field `field`; nullopt when the field is not protected.
  std::optional<std::string> stored_value(size_t field, std::string_view value) const;

  static std::string mask(std::string_view value, int keep_first, int keep_last);
  std::string hash(std::string_view value) const;

 private:
  struct Step {
    size_t field;
    FieldProtectConfig how;
  };
  std::string protect(const Step& step, std::string_view value) const;
  std::vector<Step> steps_;
  std::string key_;
};

// Where the hash key of `config` comes from, read (and created when allowed): see create().
Result<std::string> load_protect_key(const PipelineConfig& config, const EnvLookup& env);

}  // namespace sluice
