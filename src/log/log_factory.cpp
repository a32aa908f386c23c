#include <memory>

#include "log/embedded/embedded_log.h"
#include "log/kafka/kafka_log.h"
#include "log/log.h"

namespace sluice {

Result<std::unique_ptr<Log>> make_log(const LogConfig& config) {
  switch (config.kind) {
    case LogKind::kEmbedded: {
      auto log = EmbeddedLog::open(config);
      if (!log.ok()) return log.status();
      return std::unique_ptr<Log>(std::move(log).value());
    }
    case LogKind::kKafka: {
      auto log = kafka::KafkaLog::open(config);
      if (!log.ok()) return log.status();
      return std::unique_ptr<Log>(std::move(log).value());
    }
  }
  return Status::invalid_argument("log kind without a factory");
}

}  // namespace sluice
