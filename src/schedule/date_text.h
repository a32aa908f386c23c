// Dates and times as workflows write them (start_date, end_date, --logical-date) and as task
// templates and run ids show them. Parsing is strict: what is not understood is an error naming
// the expected forms, never a guess.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "schedule/time_zone.h"

namespace sluice {

// "2024-03-31" (midnight), "2024-03-31T06:00" or "2024-03-31T06:00:00" (a wall-clock reading in
// `zone`, under its DST policy), or either of the latter with "Z" or "+02:00" / "-05:00" (an
// instant, whatever `zone` is). A space may stand for the "T".
Result<Instant> parse_date_time(std::string_view text, const TimeZone& zone);

// "2024-03-31T00:00:00Z"
std::string format_utc(Instant t);
// "2024-03-31T02:00:00+02:00": the reading in `zone` with its offset.
std::string format_local(Instant t, const TimeZone& zone);
// "2024-03-31": the date of the reading in `zone`.
std::string format_date(Instant t, const TimeZone& zone);

}  // namespace sluice
