#include "log/log.h"

namespace sluice {

Result<std::unique_ptr<Log>> make_log(const LogConfig& config) {
  return Status::not_implemented("log kind '" + config.kind + "' is not built yet");
}

}  // namespace sluice
