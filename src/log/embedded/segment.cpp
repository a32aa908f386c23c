#include "log/embedded/segment.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <limits>

#include "log/embedded/coding.h"
#include "log/embedded/file_util.h"
#include "log/embedded/format.h"

namespace sluice {

namespace f = log_format;

Segment::Segment(std::string path, int64_t base_offset, int fd)
    : path_(std::move(path)), base_offset_(base_offset), fd_(fd) {
  reset_state();
}

Segment::~Segment() {
  ::close(fd_);
}

Result<std::shared_ptr<Segment>> Segment::open(std::string path, int64_t base_offset, bool create) {
  int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0);
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return file_util::errno_status(create ? "create" : "open", path);
  return std::shared_ptr<Segment>(new Segment(std::move(path), base_offset, fd));
}

void Segment::reset_state() {
  size_ = 0;
  next_offset_ = base_offset_;
  max_ts_ = std::numeric_limits<int64_t>::min();
  index_.clear();
}

void Segment::account(int64_t position, const BatchHeader& h) {
  if (index_.empty() || position - index_.back().position >= f::kIndexIntervalBytes) {
    index_.push_back(IndexEntry{h.base_offset, position, max_ts_});
  }
  max_ts_ = std::max(max_ts_, h.max_ts);
  size_ = position + h.total_size();
  next_offset_ = h.end_offset();
}

Result<Segment::Damage> Segment::scan() {
  reset_state();
  struct stat st;
  if (::fstat(fd_, &st) != 0) return file_util::errno_status("stat", path_);
  file_bytes_ = st.st_size;
  Damage damage;
  int64_t pos = 0;
  char header_bytes[f::kBatchHeaderSize];
  std::string payload;
  while (pos < file_bytes_) {
    BatchHeader h;
    if (file_bytes_ - pos < static_cast<int64_t>(f::kBatchHeaderSize)) {
      damage.reason = "torn batch header (" + std::to_string(file_bytes_ - pos) + " bytes)";
    } else {
      SLUICE_RETURN_IF_ERROR(
          file_util::pread_exact(fd_, path_, header_bytes, sizeof header_bytes, pos));
      if (!decode_batch_header(header_bytes, &h)) {
        damage.reason = "bad batch header (magic, count or length)";
      } else if (h.base_offset != next_offset_) {
        damage.reason = "batch base offset " + std::to_string(h.base_offset) + ", expected " +
                        std::to_string(next_offset_);
      } else if (pos + h.total_size() > file_bytes_) {
        damage.reason = "truncated batch (" + std::to_string(file_bytes_ - pos) + " of " +
                        std::to_string(h.total_size()) + " bytes)";
      } else {
        payload.resize(h.length);
        SLUICE_RETURN_IF_ERROR(file_util::pread_exact(fd_, path_, payload.data(), h.length,
                                                      pos + f::kBatchHeaderSize));
        if (!batch_crc_matches(header_bytes, payload)) damage.reason = "checksum mismatch";
      }
    }
    if (!damage.reason.empty()) {
      damage.found = true;
      damage.position = pos;
      SLUICE_ASSIGN_OR_RETURN(damage.valid_batch_at, find_valid_batch_after(pos));
      damage.valid_batch_after = damage.valid_batch_at >= 0;
      return damage;
    }
    account(pos, h);
    pos = size_;
  }
  return damage;
}

Result<int64_t> Segment::find_valid_batch_after(int64_t from) const {
  // Only runs on damage, so reading the rest of the file into memory is acceptable.
  std::string rest(static_cast<size_t>(file_bytes_ - from), '\0');
  SLUICE_RETURN_IF_ERROR(file_util::pread_exact(fd_, path_, rest.data(), rest.size(), from));
  char magic[4];
  log_coding::put_u32(magic, f::kBatchMagic);
  for (size_t i = rest.find(std::string_view(magic, 4), 1); i != std::string::npos;
       i = rest.find(std::string_view(magic, 4), i + 1)) {
    if (rest.size() - i < f::kBatchHeaderSize) break;
    BatchHeader h;
    if (!decode_batch_header(rest.data() + i, &h)) continue;
    if (static_cast<int64_t>(rest.size() - i) < h.total_size()) continue;
    std::string_view payload(rest.data() + i + f::kBatchHeaderSize, h.length);
    if (batch_crc_matches(rest.data() + i, payload)) return from + static_cast<int64_t>(i);
  }
  return int64_t{-1};
}

Status Segment::write(std::string_view batch_bytes) {
  return file_util::pwrite_all(fd_, path_, batch_bytes, size_);
}

void Segment::publish_append(const BatchHeader& header) {
  account(size_, header);
  file_bytes_ = std::max(file_bytes_, size_);
}

Status Segment::sync() {
  return file_util::fdatasync_fd(fd_, path_);
}

Status Segment::truncate(int64_t bytes) {
  if (::ftruncate(fd_, bytes) != 0) return file_util::errno_status("truncate", path_);
  SLUICE_RETURN_IF_ERROR(sync());
  auto damage = scan();
  if (!damage.ok()) return damage.status();
  if (damage->found) {
    return Status::corruption(path_ + ": still damaged at byte " +
                              std::to_string(damage->position) + " after truncation");
  }
  return Status::ok_status();
}

Status Segment::refresh_file_bytes() {
  struct stat st;
  if (::fstat(fd_, &st) != 0) return file_util::errno_status("stat", path_);
  file_bytes_ = st.st_size;
  return Status::ok_status();
}

Status Segment::remove_file() {
  if (::unlink(path_.c_str()) != 0) return file_util::errno_status("remove", path_);
  return Status::ok_status();
}

Status Segment::read_batch(int64_t position, BatchHeader* header, std::string* payload) const {
  char header_bytes[f::kBatchHeaderSize];
  SLUICE_RETURN_IF_ERROR(
      file_util::pread_exact(fd_, path_, header_bytes, sizeof header_bytes, position));
  if (!decode_batch_header(header_bytes, header)) {
    return Status::corruption(path_ + ": bad batch header at byte " + std::to_string(position));
  }
  if (payload == nullptr) return Status::ok_status();
  payload->resize(header->length);
  SLUICE_RETURN_IF_ERROR(file_util::pread_exact(fd_, path_, payload->data(), header->length,
                                                position + f::kBatchHeaderSize));
  if (!batch_crc_matches(header_bytes, *payload)) {
    return Status::corruption(path_ + ": checksum mismatch in batch at byte " +
                              std::to_string(position));
  }
  return Status::ok_status();
}

int64_t Segment::position_for_offset(int64_t offset) const {
  auto it = std::upper_bound(index_.begin(), index_.end(), offset,
                             [](int64_t o, const IndexEntry& e) { return o < e.offset; });
  return it == index_.begin() ? 0 : std::prev(it)->position;
}

int64_t Segment::position_for_time(int64_t ts) const {
  // max_ts_before never decreases along the index: the last entry whose predecessors are all
  // older than ts is where the first record at or after ts can start.
  auto it = std::partition_point(index_.begin(), index_.end(),
                                 [ts](const IndexEntry& e) { return e.max_ts_before < ts; });
  return it == index_.begin() ? 0 : std::prev(it)->position;
}

}  // namespace sluice
