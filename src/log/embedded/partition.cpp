#include "log/embedded/partition.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>
#include <mutex>

#include "core/fault.h"
#include "core/log_context.h"
#include "log/embedded/file_util.h"
#include "log/embedded/format.h"

namespace sluice {

namespace f = log_format;

Partition::Partition(std::string dir, int id, PartitionOptions options)
    : dir_(std::move(dir)), id_(id), options_(options) {}

std::string Partition::segment_path(int64_t base_offset) const {
  char name[32];
  std::snprintf(name, sizeof name, "%0*lld", f::kSegmentNameDigits,
                static_cast<long long>(base_offset));
  return dir_ + "/" + name + std::string(f::kSegmentSuffix);
}

Result<std::unique_ptr<Partition>> Partition::open(std::string dir, int id,
                                                   PartitionOptions options) {
  SLUICE_RETURN_IF_ERROR(file_util::make_dir(dir));
  std::unique_ptr<Partition> p(new Partition(std::move(dir), id, options));
  SLUICE_RETURN_IF_ERROR(p->load_segments());
  return p;
}

Status Partition::load_segments() {
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> names, file_util::list_dir(dir_));
  std::vector<int64_t> bases;
  for (const std::string& name : names) {
    if (!name.ends_with(f::kSegmentSuffix)) continue;
    int64_t base = -1;
    std::string_view digits(name.data(), name.size() - f::kSegmentSuffix.size());
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), base);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || base < 0) {
      return Status::corruption(dir_ + "/" + name + ": not a segment name");
    }
    bases.push_back(base);  // names are zero-padded, so sorted by name is sorted by base
  }
  for (size_t i = 0; i < bases.size(); ++i) {
    SLUICE_ASSIGN_OR_RETURN(auto segment, Segment::open(segment_path(bases[i]), bases[i], false));
    SLUICE_ASSIGN_OR_RETURN(Segment::Damage damage, segment->scan());
    const bool last = i + 1 == bases.size();
    if (!segments_.empty() && segments_.back()->next_offset() != bases[i]) {
      return Status::corruption(segment->path() + ": starts at offset " + std::to_string(bases[i]) +
                                " but the previous segment ends at " +
                                std::to_string(segments_.back()->next_offset()));
    }
    if (damage.found && (!last || damage.valid_batch_after)) {
      std::string where =
          last ? "followed by a valid batch at byte " + std::to_string(damage.valid_batch_at)
               : "in a sealed segment";
      return Status::corruption(segment->path() + ": " + damage.reason + " at byte " +
                                std::to_string(damage.position) + ", " + where +
                                "; refusing to open (this is not a torn tail; restore the file, or "
                                "move the whole log directory aside and run again to re-read the "
                                "source: docs/operations.md, \"A damaged log\")");
    }
    if (damage.found) {
      tail_damage_ =
          damage.reason + " at byte " + std::to_string(damage.position) + " of " + segment->path();
    }
    segments_.push_back(std::move(segment));
  }
  if (segments_.empty()) {
    SLUICE_ASSIGN_OR_RETURN(auto segment, Segment::open(segment_path(0), 0, true));
    segments_.push_back(std::move(segment));
    if (options_.sync_on_roll) SLUICE_RETURN_IF_ERROR(file_util::fsync_dir(dir_));
  }
  return Status::ok_status();
}

int64_t Partition::start_offset() const {
  std::shared_lock lock(mu_);
  return segments_.front()->base_offset();
}

std::pair<int64_t, int64_t> Partition::usage() const {
  std::shared_lock lock(mu_);
  int64_t bytes = 0;
  for (const auto& s : segments_)
    bytes += s->size();
  return {static_cast<int64_t>(segments_.size()), bytes};
}

int64_t Partition::written_end() const {
  std::shared_lock lock(mu_);
  return segments_.back()->next_offset();
}

Status Partition::truncate_to(int64_t offset, std::string_view why) {
  const ScopedLogContext about_partition(id_);
  std::unique_lock lock(mu_);
  if (offset < segments_.front()->base_offset() || offset > segments_.back()->next_offset()) {
    return Status::corruption(dir_ + ": cannot cut to offset " + std::to_string(offset) +
                              ", the partition holds " +
                              std::to_string(segments_.front()->base_offset()) + ".." +
                              std::to_string(segments_.back()->next_offset()));
  }
  while (segments_.size() > 1 && segments_.back()->base_offset() >= offset) {
    const auto& s = segments_.back();
    spdlog::warn("log recovery: partition {}: removed segment {} (offsets {}..{}, {} bytes{}): {}",
                 id_, s->path(), s->base_offset(), s->next_offset() - 1, s->file_bytes(),
                 tail_damage_.empty() ? "" : "; " + tail_damage_, why);
    SLUICE_RETURN_IF_ERROR(s->remove_file());
    segments_.pop_back();
    tail_damage_.clear();  // damage can only be in the last segment
  }
  Segment& seg = *segments_.back();
  // What a failed write left past the last batch is on disk but not in file_bytes().
  SLUICE_RETURN_IF_ERROR(seg.refresh_file_bytes());
  int64_t pos = seg.position_for_offset(offset);
  while (pos < seg.size()) {
    BatchHeader h;
    SLUICE_RETURN_IF_ERROR(seg.read_batch(pos, &h, nullptr));
    if (h.base_offset >= offset) break;
    if (h.end_offset() > offset) {
      return Status::corruption(seg.path() + ": offset " + std::to_string(offset) +
                                " falls inside the batch at byte " + std::to_string(pos));
    }
    pos += h.total_size();
  }
  if (pos < seg.file_bytes()) {
    std::string what;
    if (offset < seg.next_offset()) {
      what = fmt::format("offsets {}..{} {}", offset, seg.next_offset() - 1, why);
    }
    if (!tail_damage_.empty()) what += (what.empty() ? "" : "; and ") + tail_damage_;
    spdlog::warn("log recovery: partition {}: cut {} bytes at byte {} of {}: {}", id_,
                 seg.file_bytes() - pos, pos, seg.path(), what);
    SLUICE_RETURN_IF_ERROR(seg.truncate(pos));
  }
  tail_damage_.clear();
  return Status::ok_status();
}

Status Partition::roll() {
  SLUICE_RETURN_IF_ERROR(fault_status("log.segment_roll"));
  std::shared_ptr<Segment> old = segments_.back();
  if (options_.sync_on_roll) SLUICE_RETURN_IF_ERROR(old->sync());
  SLUICE_ASSIGN_OR_RETURN(
      auto fresh, Segment::open(segment_path(old->next_offset()), old->next_offset(), true));
  if (options_.sync_on_roll) {
    if (Status s = file_util::fsync_dir(dir_); !s.ok()) {
      // Not taken: remove it, or the next roll's exclusive create of the same name would fail
      // for as long as the process runs.
      (void)fresh->remove_file();
      return s;
    }
  }
  std::unique_lock lock(mu_);
  segments_.push_back(std::move(fresh));
  return Status::ok_status();
}

Result<int64_t> Partition::append(const std::vector<const LogRecord*>& records) {
  // Only the writer changes the segment list and sizes, so it may read them without the lock.
  int64_t bytes = encoded_batch_size(records);
  if (bytes - static_cast<int64_t>(f::kBatchHeaderSize) > f::kMaxBatchLength) {
    return Status::invalid_argument("a batch for partition " + std::to_string(id_) + " would be " +
                                    std::to_string(bytes) + " bytes, above the limit");
  }
  if (segments_.back()->size() > 0 && segments_.back()->size() + bytes > options_.segment_bytes) {
    SLUICE_RETURN_IF_ERROR(roll());
  }
  Segment& active = *segments_.back();
  std::string buffer;
  buffer.reserve(static_cast<size_t>(bytes));
  BatchHeader header = encode_batch(active.next_offset(), records, &buffer);
  SLUICE_RETURN_IF_ERROR(fault_status("log.append"));
  SLUICE_RETURN_IF_ERROR(active.write(buffer));
  dirty_.store(true, std::memory_order_release);
  std::unique_lock lock(mu_);
  active.publish_append(header);
  return active.next_offset();
}

Status Partition::sync() {
  if (!dirty_.exchange(false, std::memory_order_acq_rel)) return Status::ok_status();
  std::shared_ptr<Segment> active;
  {
    std::shared_lock lock(mu_);
    active = segments_.back();
  }
  Status s = active->sync();
  if (!s.ok()) dirty_.store(true);
  return s;
}

Status Partition::apply_retention(int64_t retention_bytes, int64_t retention_ms, int64_t now_ms) {
  const ScopedLogContext about_partition(id_);
  int64_t total = 0;
  for (const auto& s : segments_)
    total += s->size();
  while (segments_.size() > 1) {
    const std::shared_ptr<Segment>& oldest = segments_.front();
    bool too_big = retention_bytes >= 0 && total > retention_bytes;
    bool too_old =
        retention_ms >= 0 && oldest->size() > 0 && oldest->max_ts() < now_ms - retention_ms;
    if (!(too_big || too_old) || oldest->next_offset() > committed_end()) break;
    spdlog::info("log retention: partition {}: deleting {} (offsets {}..{}, {} bytes, {})", id_,
                 oldest->path(), oldest->base_offset(), oldest->next_offset(), oldest->size(),
                 too_big ? "over retention_bytes" : "older than retention_ms");
    SLUICE_RETURN_IF_ERROR(oldest->remove_file());
    total -= oldest->size();
    std::unique_lock lock(mu_);
    segments_.pop_front();  // readers holding it keep reading through their shared_ptr
  }
  return Status::ok_status();
}

std::vector<Partition::Span> Partition::plan_from(int64_t offset, bool by_time, int64_t ts) const {
  std::vector<Span> spans;
  std::shared_lock lock(mu_);
  size_t first = 0;
  if (by_time) {
    while (first < segments_.size() && segments_[first]->max_ts() < ts)
      ++first;
  } else {
    while (first + 1 < segments_.size() && segments_[first + 1]->base_offset() <= offset)
      ++first;
  }
  for (size_t i = first; i < segments_.size(); ++i) {
    const auto& s = segments_[i];
    int64_t from = 0;
    if (i == first) from = by_time ? s->position_for_time(ts) : s->position_for_offset(offset);
    spans.push_back(Span{s, from, s->size()});
  }
  return spans;
}

Result<std::vector<LogEntry>> Partition::read(int64_t offset, size_t max_records) const {
  std::vector<LogEntry> out;
  const int64_t end = committed_end();
  offset = std::max(offset, start_offset());
  if (offset >= end || max_records == 0) return out;
  std::string payload;
  for (const Span& span : plan_from(offset, false, 0)) {
    for (int64_t pos = span.from; pos < span.to;) {
      BatchHeader h;
      SLUICE_RETURN_IF_ERROR(span.segment->read_batch(pos, &h, nullptr));
      if (h.base_offset >= end) return out;
      if (h.end_offset() > offset) {
        SLUICE_RETURN_IF_ERROR(span.segment->read_batch(pos, &h, &payload));
        SLUICE_RETURN_IF_ERROR(
            decode_batch_records(h, payload, offset, end, max_records, &out)
                .with_context(span.segment->path() + " byte " + std::to_string(pos)));
        if (out.size() >= max_records) return out;
      }
      pos += h.total_size();
    }
  }
  return out;
}

Result<int64_t> Partition::offset_for_time(int64_t ts_ms) const {
  const int64_t end = committed_end();
  std::string payload;
  for (const Span& span : plan_from(0, true, ts_ms)) {
    for (int64_t pos = span.from; pos < span.to;) {
      BatchHeader h;
      SLUICE_RETURN_IF_ERROR(span.segment->read_batch(pos, &h, nullptr));
      if (h.base_offset >= end) return end;
      if (h.max_ts >= ts_ms) {
        SLUICE_RETURN_IF_ERROR(span.segment->read_batch(pos, &h, &payload));
        SLUICE_ASSIGN_OR_RETURN(int64_t found, find_time_in_batch(h, payload, ts_ms, end));
        if (found >= 0) return found;
      }
      pos += h.total_size();
    }
  }
  return end;
}

}  // namespace sluice
