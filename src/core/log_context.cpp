#include "core/log_context.h"

#include <utility>

namespace sluice {
namespace {

thread_local LogContext this_thread_context;

}  // namespace

const LogContext& current_log_context() {
  return this_thread_context;
}

ScopedLogContext::ScopedLogContext(std::string pipeline, std::string stage, int partition)
    : saved_(this_thread_context) {
  if (!pipeline.empty()) this_thread_context.pipeline = std::move(pipeline);
  if (!stage.empty()) this_thread_context.stage = std::move(stage);
  if (partition >= 0) this_thread_context.partition = partition;
}

ScopedLogContext::ScopedLogContext(const LogContext& inherited) : saved_(this_thread_context) {
  this_thread_context = inherited;
}

ScopedLogContext::~ScopedLogContext() {
  this_thread_context = std::move(saved_);
}

}  // namespace sluice
