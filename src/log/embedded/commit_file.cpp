#include "log/embedded/commit_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

#include "log/embedded/coding.h"
#include "log/embedded/crc32c.h"
#include "log/embedded/file_util.h"
#include "log/embedded/format.h"

namespace sluice {

namespace f = log_format;
using log_coding::get_i64;
using log_coding::get_u32;
using log_coding::get_u64;

void encode_commit(const CommitRecord& r, std::string* out) {
  std::string body(f::kCommitEndsAt + 8 * r.end_offsets.size() + 4 + r.cursor.size(), '\0');
  log_coding::put_u64(body.data() + f::kCommitTxnAt, r.txn_id);
  log_coding::put_i64(body.data() + f::kCommitTsAt, r.timestamp_ms);
  log_coding::put_u32(body.data() + f::kCommitPartitionsAt,
                      static_cast<uint32_t>(r.end_offsets.size()));
  size_t pos = f::kCommitEndsAt;
  for (int64_t end : r.end_offsets) {
    log_coding::put_i64(body.data() + pos, end);
    pos += 8;
  }
  log_coding::put_u32(body.data() + pos, static_cast<uint32_t>(r.cursor.size()));
  body.replace(pos + 4, r.cursor.size(), r.cursor);
  char header[f::kCommitHeaderSize];
  log_coding::put_u32(header + f::kCommitMagicAt, f::kCommitMagic);
  log_coding::put_u32(header + f::kCommitCrcAt, crc32c(body.data(), body.size()));
  log_coding::put_u32(header + f::kCommitLengthAt, static_cast<uint32_t>(body.size()));
  out->append(header, sizeof header);
  out->append(body);
}

namespace {

// Decodes the record at data[pos...]; returns its size, or an empty reason on success.
std::string decode_commit(std::string_view data, size_t pos, CommitRecord* r, size_t* size) {
  if (data.size() - pos < f::kCommitHeaderSize) return "torn commit header";
  const char* h = data.data() + pos;
  if (get_u32(h + f::kCommitMagicAt) != f::kCommitMagic) return "bad commit magic";
  uint32_t length = get_u32(h + f::kCommitLengthAt);
  if (length > f::kMaxCommitLength || length < f::kCommitEndsAt + 4) return "bad commit length";
  if (data.size() - pos - f::kCommitHeaderSize < length) return "truncated commit record";
  std::string_view body = data.substr(pos + f::kCommitHeaderSize, length);
  if (crc32c(body.data(), body.size()) != get_u32(h + f::kCommitCrcAt)) {
    return "commit checksum mismatch";
  }
  r->txn_id = get_u64(body.data() + f::kCommitTxnAt);
  r->timestamp_ms = get_i64(body.data() + f::kCommitTsAt);
  size_t n = get_u32(body.data() + f::kCommitPartitionsAt);
  if (body.size() < f::kCommitEndsAt + 8 * n + 4) return "commit record framing";
  r->end_offsets.resize(n);
  for (size_t i = 0; i < n; ++i)
    r->end_offsets[i] = get_i64(body.data() + f::kCommitEndsAt + 8 * i);
  size_t cursor_at = f::kCommitEndsAt + 8 * n;
  size_t cursor_len = get_u32(body.data() + cursor_at);
  if (body.size() != cursor_at + 4 + cursor_len) return "commit record framing";
  r->cursor.assign(body.substr(cursor_at + 4, cursor_len));
  *size = f::kCommitHeaderSize + length;
  return "";
}

bool valid_record_after(std::string_view data, size_t from) {
  char magic[4];
  log_coding::put_u32(magic, f::kCommitMagic);
  for (size_t i = data.find(std::string_view(magic, 4), from + 1); i != std::string::npos;
       i = data.find(std::string_view(magic, 4), i + 1)) {
    CommitRecord r;
    size_t size = 0;
    if (decode_commit(data, i, &r, &size).empty()) return true;
  }
  return false;
}

}  // namespace

CommitFile::CommitFile(std::string path, int fd, int64_t size)
    : path_(std::move(path)), fd_(fd), size_(size) {}

CommitFile::~CommitFile() {
  ::close(fd_);
}

Result<std::unique_ptr<CommitFile>> CommitFile::open(std::string path, bool create,
                                                     std::vector<Entry>* entries) {
  auto data = file_util::read_file(path);
  if (!data.ok() && !(create && data.status().code() == StatusCode::kNotFound)) {
    if (data.status().code() == StatusCode::kNotFound) {
      return Status::corruption(path + ": commit file missing from an existing log");
    }
    return data.status();
  }
  std::string bytes = data.ok() ? std::move(data).value() : std::string();
  size_t pos = 0;
  while (pos < bytes.size()) {
    Entry e;
    size_t size = 0;
    std::string reason = decode_commit(bytes, pos, &e.record, &size);
    if (!reason.empty()) {
      if (valid_record_after(bytes, pos)) {
        return Status::corruption(
            fmt::format("{}: {} at byte {}, followed by valid commit records; refusing to open",
                        path, reason, pos));
      }
      spdlog::warn("log recovery: {}: cut {} bytes at byte {}: {}", path, bytes.size() - pos, pos,
                   reason);
      break;
    }
    pos += size;
    e.end_position = static_cast<int64_t>(pos);
    entries->push_back(std::move(e));
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return file_util::errno_status("open", path);
  std::unique_ptr<CommitFile> file(new CommitFile(path, fd, static_cast<int64_t>(bytes.size())));
  if (pos < bytes.size()) SLUICE_RETURN_IF_ERROR(file->truncate(static_cast<int64_t>(pos)));
  return file;
}

Status CommitFile::append(std::string_view encoded_records) {
  SLUICE_RETURN_IF_ERROR(file_util::pwrite_all(fd_, path_, encoded_records, size_));
  size_ += static_cast<int64_t>(encoded_records.size());
  return Status::ok_status();
}

Status CommitFile::sync() {
  return file_util::fdatasync_fd(fd_, path_);
}

Status CommitFile::truncate(int64_t size) {
  if (::ftruncate(fd_, size) != 0) return file_util::errno_status("truncate", path_);
  size_ = size;
  return sync();
}

Status CommitFile::cut_after(uint64_t txn) {
  // Opened again rather than trusted: a failed rewrite may have renamed a new file over ours.
  std::vector<Entry> entries;
  SLUICE_ASSIGN_OR_RETURN(auto fresh, open(path_, false, &entries));
  int64_t keep = 0;
  if (txn != 0) {
    auto it = std::find_if(entries.begin(), entries.end(),
                           [txn](const Entry& e) { return e.record.txn_id == txn; });
    if (it == entries.end()) {
      return Status::corruption(
          fmt::format("{}: transaction {}, the last acknowledged, is not in the file", path_, txn));
    }
    keep = it->end_position;
  }
  std::swap(fd_, fresh->fd_);  // `fresh` closes our old descriptor
  size_ = fresh->size_;
  if (keep < size_) {
    spdlog::warn("log: {}: cut {} bytes at byte {}: commit records of a publish that failed", path_,
                 size_ - keep, keep);
    SLUICE_RETURN_IF_ERROR(truncate(keep));
  }
  return Status::ok_status();
}

Status CommitFile::rewrite(const std::vector<CommitRecord>& keep) {
  std::string bytes;
  for (const CommitRecord& r : keep)
    encode_commit(r, &bytes);
  SLUICE_RETURN_IF_ERROR(file_util::write_file_atomically(path_, bytes));
  int fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return file_util::errno_status("reopen", path_);
  ::close(fd_);
  fd_ = fd;
  size_ = static_cast<int64_t>(bytes.size());
  return Status::ok_status();
}

}  // namespace sluice
