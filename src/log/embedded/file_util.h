// Small POSIX file helpers for the embedded log, returning Status instead of errno.
// Every error message names the path and the OS reason. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sluice::file_util {

// "IoError: <what> <path>: <strerror(errno)>" for the errno of the call that just failed.
Status errno_status(std::string_view what, const std::string& path);

// Writes all of data at `offset` (retrying short writes).
Status pwrite_all(int fd, const std::string& path, std::string_view data, int64_t offset);
// Reads exactly n bytes at `offset`; Corruption if the file ends first.
Status pread_exact(int fd, const std::string& path, char* out, size_t n, int64_t offset);
Status fdatasync_fd(int fd, const std::string& path);
// Makes creations, renames and removals inside `dir` durable.
Status fsync_dir(const std::string& dir);
Status make_dir(const std::string& dir);  // ok if it exists
Result<std::string> read_file(const std::string& path);
// Replaces `path` with `contents` so that a crash leaves either the old or the new file whole:
// writes path.tmp, fsyncs it, renames it over path, fsyncs the directory. `fault` names the
// fault point (core/fault.h) hit between the temp file's fsync and the rename, if any.
Status write_file_atomically(const std::string& path, std::string_view contents,
                             std::string_view fault = {});
// Names (not paths) of the directory's entries, sorted; "." and ".." left out.
Result<std::vector<std::string>> list_dir(const std::string& dir);

}  // namespace sluice::file_util
