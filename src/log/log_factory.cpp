#include <memory>

#include "log/embedded/embedded_log.h"
#include "log/kafka/kafka_log.h"
#include "log/log.h"

namespace sluice {

Result<std::unique_ptr<Log>> make_log(const LogConfig& config) {
  if (config.kind == "embedded") {
    auto log = EmbeddedLog::open(config);
    if (!log.ok()) return log.status();
    return std::unique_ptr<Log>(std::move(log).value());
  }
  if (config.kind == "kafka") {
    auto log = kafka::KafkaLog::open(config);
    if (!log.ok()) return log.status();
    return std::unique_ptr<Log>(std::move(log).value());
  }
  return Status::invalid_argument("log kind '" + config.kind + "': expected embedded or kafka");
}

}  // namespace sluice
