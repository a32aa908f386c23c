#include "cli/replay_run.h"

#include <fmt/format.h>

#include <ctime>
#include <map>

#include "process/processor.h"

namespace sluice::cli {

std::optional<int64_t> parse_time_ms(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(text);
  }
  std::tm tm{};
  const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return std::nullopt;
  int64_t millis = 0;
  if (*rest == '.') {
    int digits = 0;
    for (++rest; *rest >= '0' && *rest <= '9'; ++rest, ++digits) {
      if (digits < 3) millis = millis * 10 + (*rest - '0');
    }
    for (; digits < 3; ++digits)
      millis *= 10;
  }
  if (*rest == 'Z') ++rest;
  if (*rest != '\0') return std::nullopt;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + millis;
}

Status replay_log(PipelineParts& parts, LogConsumer& consumer, const ReplayFrom& from,
                  const std::atomic<bool>& stop,
                  const std::function<void(const std::string&)>& say) {
  const int partitions = consumer.partition_count();
  if (from.partition && (*from.partition < 0 || *from.partition >= partitions)) {
    return Status::invalid_argument(
        fmt::format("partition {} is out of range (the log has {})", *from.partition, partitions));
  }
  std::map<int, int64_t> targets;
  for (int p = 0; p < partitions; ++p) {
    if (from.partition && p != *from.partition) continue;
    if (from.from_ms) {
      SLUICE_ASSIGN_OR_RETURN(targets[p], consumer.offset_for_time(p, *from.from_ms));
    } else {
      targets[p] = from.from_offset.value_or(0);
    }
  }
  Processor processor(parts.config, &consumer, parts.sink.get(), parts.probe.get());
  for (const auto& [p, offset] : targets)
    say(fmt::format("replaying partition {} from offset {}", p, offset));
  return processor.run(stop, {.until_idle = true, .reconcile = true, .start_offsets = targets});
}

}  // namespace sluice::cli
