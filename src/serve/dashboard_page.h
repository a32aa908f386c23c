// The HTML of `/`: a page that polls /api/v1/status and shows the pipeline's counts live.
#pragma once

namespace sluice {

extern const char* const kDashboardPage;

}  // namespace sluice
