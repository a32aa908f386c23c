#include "transform/field_protector.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <filesystem>

#include "core/log_secrets.h"
#include "core/secret_source.h"

namespace sluice {
namespace {

// A key much shorter than the hash's own block gives an attacker a small space to try.
constexpr size_t kMinKeyBytes = 16;
// 32 random bytes, stored hex-encoded: the key of a created key file.
constexpr size_t kCreatedKeyBytes = 32;

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

Status check_key_length(const std::string& key, const std::string& where) {
  if (key.size() >= kMinKeyBytes) return Status::ok_status();
  return Status::invalid_argument(
      fmt::format("{} holds a key of {} bytes; use at least {} (e.g. `openssl rand -hex 32`)",
                  where, key.size(), kMinKeyBytes));
}

}  // namespace

Result<std::string> load_protect_key(const PipelineConfig& config, const EnvLookup& env) {
  const ProtectConfig& p = config.protect;
  if (!p.key_env.empty()) {
    std::optional<std::string> value = env(p.key_env);
    if (value && !value->empty()) {
      SLUICE_RETURN_IF_ERROR(
          check_key_length(*value, fmt::format("protect.key_env: variable {}", p.key_env)));
      return *value;
    }
    if (p.key_file.empty() && !p.create_key) {
      return read_secret_env("protect.key_env", p.key_env, env);
    }
  }
  const std::string path = p.key_file.empty()
                               ? (std::filesystem::path(config.data_dir) / "protect.key").string()
                               : p.key_file;
  std::string key;
  if (p.create_key) {
    SLUICE_ASSIGN_OR_RETURN(key,
                            read_or_create_secret_file("protect.key_file", path, kCreatedKeyBytes));
  } else {
    SLUICE_RETURN_IF_ERROR(check_owner_only("protect.key_file", path));
    SLUICE_ASSIGN_OR_RETURN(key, read_secret_file("protect.key_file", path));
  }
  SLUICE_RETURN_IF_ERROR(check_key_length(key, fmt::format("protect.key_file: {}", path)));
  return key;
}

Result<FieldProtector> FieldProtector::create(const PipelineConfig& config, const EnvLookup& env) {
  std::string key;
  if (config.hashes_fields()) {
    SLUICE_ASSIGN_OR_RETURN(key, load_protect_key(config, env));
    register_log_secret(key);
  }
  return with_key(config, std::move(key));
}

FieldProtector FieldProtector::with_key(const PipelineConfig& config, std::string key) {
  FieldProtector out;
  for (size_t i = 0; i < config.fields.size(); ++i) {
    if (config.fields[i].protect.kind != ProtectKind::kNone) {
      out.steps_.push_back({i, config.fields[i].protect});
    }
  }
  out.key_ = std::move(key);
  return out;
}

std::string FieldProtector::mask(std::string_view value, int keep_first, int keep_last) {
  size_t chars = 0;
  for (char c : value)
    chars += is_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
  // Keeping as many characters as there are would show the whole value: mask them all.
  const bool keep_some = static_cast<size_t>(keep_first) + static_cast<size_t>(keep_last) < chars;
  const size_t first = keep_some ? static_cast<size_t>(keep_first) : 0;
  const size_t last = keep_some ? static_cast<size_t>(keep_last) : 0;
  std::string out;
  out.reserve(value.size());
  size_t index = 0;  // of the character the byte belongs to
  for (size_t b = 0; b < value.size(); ++b) {
    const bool starts = !is_continuation(static_cast<unsigned char>(value[b]));
    if (starts && b > 0) ++index;
    if (index < first || index >= chars - last) {
      out.push_back(value[b]);
    } else if (starts) {
      out.push_back('*');
    }
  }
  return out;
}

std::string FieldProtector::hash(std::string_view value) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(static_cast<size_t>(length) * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

std::string FieldProtector::protect(const Step& step, std::string_view value) const {
  return step.how.kind == ProtectKind::kHash ? hash(value)
                                             : mask(value, step.how.keep_first, step.how.keep_last);
}

void FieldProtector::apply(Record* record) const {
  for (const Step& step : steps_) {
    if (!record->has_text(step.field)) continue;
    const std::string stored = protect(step, record->text(step.field));
    record->set_text(step.field, stored, record->source_kind(step.field));
  }
}

std::optional<std::string> FieldProtector::stored_value(size_t field,
                                                        std::string_view value) const {
  for (const Step& step : steps_)
    if (step.field == field) return protect(step, value);
  return std::nullopt;
}

}  // namespace sluice
