// Mapper: fills a Record from one source JSON record as the config declares (docs/architecture.md,
// "Records and schema"). Compiled once; map() reuses the Record's storage and allocates nothing in
// the common case. A missing path gives null (source kind "missing"); a JSON value of another type
// than the field's is kept with its source kind for the `data_types` rule; nothing here fails a
// batch. Each Mapper owns a parser: one Mapper per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/record.h"
#include "core/status.h"

namespace sluice {

class Mapper {
 public:
  static Result<Mapper> compile(const std::vector<FieldConfig>& fields, const Schema& schema);
  Mapper(Mapper&&) noexcept;
  Mapper& operator=(Mapper&&) noexcept;
  ~Mapper();

  // Clears `out` and maps `json` into it. Only JSON that does not parse (or is not an object)
  // gives an error (InvalidArgument, with the parser's reason); `out` is then all-missing.
  Status map(std::string_view json, Record* out);

  // Extracts just the key field's text (for partitioning at ingest) without a full mapping.
  // Returns "" when it is missing, null or not a string.
  std::string key_of(std::string_view json);

  // The key field's JSON path split at the dots (e.g. {"login", "username"}), for sources that
  // can read keys while they parse (Source::set_key_path); empty when the key is a template.
  const std::vector<std::string>& key_path() const;

 private:
  Mapper();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice
