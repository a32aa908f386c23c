// The SQL text of the embedded tables (docs/architecture.md, "Tables"), built from the
// pipeline's schema.
#pragma once

#include <string>

#include "core/schema.h"

namespace sluice::sqlite {

inline constexpr const char* kUsersTable = "created_users";
inline constexpr const char* kQuarantineTable = "quarantine";
inline constexpr int kOwnersChunk = 256;  // keys per IN (...) lookup

std::string create_users_sql(const Schema& schema);
std::string create_quarantine_sql();
std::string upsert_user_sql(const Schema& schema);
std::string upsert_quarantine_sql();
std::string owners_sql(const Schema& schema, int keys);

}  // namespace sluice::sqlite
