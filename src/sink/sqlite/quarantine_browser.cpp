#include "sink/sqlite/quarantine_browser.h"

#include <fmt/format.h>

#include <algorithm>

#include "sink/sqlite/sqlite_schema.h"

namespace sluice::sqlite {

Result<std::unique_ptr<QuarantineBrowser>> QuarantineBrowser::open(const std::string& path) {
  auto browser = std::make_unique<QuarantineBrowser>();
  SLUICE_ASSIGN_OR_RETURN(browser->db_, Database::open(path));
  SLUICE_ASSIGN_OR_RETURN(
      browser->newest_,
      browser->db_->prepare(fmt::format(
          "SELECT _partition, _offset, raw, reasons, _ingested_at FROM (SELECT rowid, * FROM {} "
          "ORDER BY rowid DESC LIMIT ?) ORDER BY _ingested_at DESC, rowid DESC",
          kQuarantineTable)));
  return browser;
}

Result<std::vector<StoredQuarantineRow>> QuarantineBrowser::recent(int limit) {
  std::lock_guard lock(mu_);
  newest_.bind_int(1, std::clamp(limit, 1, kMaxRows));
  std::vector<StoredQuarantineRow> rows;
  while (true) {
    auto more = newest_.step();
    if (!more.ok()) {
      newest_.reset();
      return more.status().with_context("reading the newest quarantine rows");
    }
    if (!*more) break;
    StoredQuarantineRow& row = rows.emplace_back();
    row.position.partition = static_cast<int32_t>(newest_.column_int(0));
    row.position.offset = newest_.column_int(1);
    row.raw = newest_.column_text(2);
    row.reasons_json = newest_.column_text(3);
    row.ingested_at = newest_.column_text(4);
  }
  newest_.reset();
  return rows;
}

}  // namespace sluice::sqlite
