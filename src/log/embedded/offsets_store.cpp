#include "log/embedded/offsets_store.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <sstream>

#include "core/fault.h"
#include "log/embedded/crc32c.h"
#include "log/embedded/file_util.h"
#include "log/embedded/format.h"

namespace sluice {

namespace f = log_format;

Result<std::unique_ptr<OffsetsStore>> OffsetsStore::open(std::string dir) {
  SLUICE_RETURN_IF_ERROR(file_util::make_dir(dir));
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> names, file_util::list_dir(dir));
  for (const std::string& name : names) {
    if (!name.ends_with(f::kTempSuffix)) continue;
    // A temp file is only ever a commit that had not been renamed yet: never acknowledged.
    std::string path = dir;
    path += "/";
    path += name;
    spdlog::warn("log recovery: removing unfinished offsets file {}", path);
    if (::unlink(path.c_str()) != 0) return file_util::errno_status("remove", path);
  }
  return std::unique_ptr<OffsetsStore>(new OffsetsStore(std::move(dir)));
}

Result<std::string> OffsetsStore::path_for(std::string_view group) const {
  bool ok = !group.empty() && group.size() <= 200 && group.front() != '.';
  for (char c : group) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
  }
  if (!ok) {
    return Status::invalid_argument("consumer group name '" + std::string(group) +
                                    "': use 1-200 of [A-Za-z0-9._-], not starting with '.'");
  }
  return dir_ + "/" + std::string(group) + std::string(f::kOffsetsSuffix);
}

Status OffsetsStore::commit(std::string_view group, const std::map<int, int64_t>& offsets) {
  SLUICE_ASSIGN_OR_RETURN(std::string path, path_for(group));
  std::string text = std::string(f::kOffsetsFirstLine) + "\n";
  for (const auto& [partition, offset] : offsets)
    text += fmt::format("{} {}\n", partition, offset);
  text += fmt::format("{}{:08x}\n", f::kOffsetsCrcPrefix, crc32c(text.data(), text.size()));
  std::lock_guard lock(mu_);
  SLUICE_RETURN_IF_ERROR(fault_status("log.offsets.commit").with_context("committing offsets"));
  return file_util::write_file_atomically(path, text, "log.offsets.after_temp_write")
      .with_context("committing offsets");
}

Result<std::map<int, int64_t>> OffsetsStore::fetch(std::string_view group) {
  SLUICE_ASSIGN_OR_RETURN(std::string path, path_for(group));
  std::lock_guard lock(mu_);
  auto text = file_util::read_file(path);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) return std::map<int, int64_t>{};
    return text.status();
  }
  const std::string& t = *text;
  size_t crc_at = t.rfind(f::kOffsetsCrcPrefix);
  auto bad = [&](std::string_view why) {
    return Status::corruption(path + ": " + std::string(why));
  };
  if (crc_at == std::string::npos || (crc_at > 0 && t[crc_at - 1] != '\n')) {
    return bad("no checksum line");
  }
  unsigned long stored = 0;
  try {
    stored = std::stoul(t.substr(crc_at + f::kOffsetsCrcPrefix.size()), nullptr, 16);
  } catch (...) {
    return bad("unreadable checksum line");
  }
  if (stored != crc32c(t.data(), crc_at)) return bad("checksum mismatch");
  std::istringstream in(t.substr(0, crc_at));
  std::string line;
  std::getline(in, line);
  if (line != f::kOffsetsFirstLine) return bad("unknown first line '" + line + "'");
  std::map<int, int64_t> offsets;
  int partition = 0;
  long long offset = 0;
  while (in >> partition >> offset)
    offsets[partition] = offset;
  if (!in.eof()) return bad("unreadable offset line");
  return offsets;
}

}  // namespace sluice
