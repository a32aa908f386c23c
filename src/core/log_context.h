// What a log line is about: the pipeline, the stage (ingest, process, scheduler, ...) and the
// partition, kept per thread so that every line a thread writes carries them without each call
// site repeating them. A role sets pipeline and stage once at the top of its thread; code that
// works on one partition narrows it for a scope. The log formatter (core/log_setup.h) reads it.
#pragma once

#include <string>

namespace sluice {

struct LogContext {
  std::string pipeline;
  std::string stage;
  int partition = -1;  // -1: not about one partition
};

// This thread's context (empty fields when nothing was set).
const LogContext& current_log_context();

// Sets fields of this thread's context for the lifetime of the object and restores the previous
// ones afterwards. An empty string or -1 leaves that field as it was.
class ScopedLogContext {
 public:
  ScopedLogContext(std::string pipeline, std::string stage, int partition = -1);
  explicit ScopedLogContext(int partition) : ScopedLogContext("", "", partition) {}
  // The whole context of another thread: a thread a role starts takes its starter's context
  // (capture current_log_context() by value before starting it).
  explicit ScopedLogContext(const LogContext& inherited);
  ~ScopedLogContext();
  ScopedLogContext(const ScopedLogContext&) = delete;
  ScopedLogContext& operator=(const ScopedLogContext&) = delete;

 private:
  LogContext saved_;
};

}  // namespace sluice
