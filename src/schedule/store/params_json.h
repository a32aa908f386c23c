// Run parameters as the stores keep them: one JSON object of strings, {"k": "v", ...}.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "schedule/store/run_store.h"

namespace sluice::schedule {

std::string params_to_json(const RunParams& params);
// kCorruption when the stored text is not such an object.
Result<RunParams> params_from_json(std::string_view text);

}  // namespace sluice::schedule
