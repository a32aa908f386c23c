// Which runs a workflow's schedule calls for (docs/workflows.md, "Logical dates and catchup").
// Pure functions of the workflow, what exists and the time the caller says it is: no clock, no
// store, no threads.
//
// As in Airflow, a scheduled run is named by its logical date D, a fire time of the schedule,
// and covers the data interval [D, next fire time after D). It becomes due at the end of that
// interval, once the interval is complete: a @daily run for 2024-03-01 starts just after
// midnight on 2024-03-02. `@every` schedules work the same way: the run for D starts at D + period.
// Logical dates start at the workflow's first fire time at or after start_date and end at
// end_date (inclusive).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "schedule/time_zone.h"
#include "schedule/workflow.h"

namespace sluice {

struct DataInterval {
  Instant start;  // the logical date
  Instant end;    // the next fire time: when the run becomes due
};

// The workflow's first fire time strictly after `t` / last at or before `t`, in its time zone
// and, for `@every`, on the grid anchored at its start_date. nullopt for a manual workflow.
std::optional<Instant> next_fire_after(const Workflow& workflow, Instant t);
std::optional<Instant> latest_fire_at_or_before(const Workflow& workflow, Instant t);

// [D, next fire after D). A manual workflow's runs (triggered with any logical date) cover the
// empty interval [D, D].
DataInterval data_interval(const Workflow& workflow, Instant logical_date);

// The logical dates to create scheduled runs for at `now`, oldest first, at most `limit`.
// `latest` is the latest logical date of a scheduled run already created (manual runs do not
// count), or nullopt when there is none. With catchup: every logical date after `latest` whose
// interval is complete, from start_date on. Without: only the latest complete one, if it is
// after `latest`. Nothing for a manual workflow. `paused` is the caller's to honour.
std::vector<Instant> due_logical_dates(const Workflow& workflow, std::optional<Instant> latest,
                                       Instant now, size_t limit);

// When the next scheduled run becomes due as seen at `now` (the end of its data interval): what
// `sluice workflows list` shows and what a scheduler may sleep until. When due_logical_dates()
// has a date at `now`, that date's interval end (at or before `now`: the run is due already).
// Otherwise, with catchup, the end of the first interval after `latest` (or from start_date on);
// without catchup, the end of the interval `now` is in (or, before start_date or at `latest`,
// of the first interval a run may have). nullopt when no scheduled run ever will be due
// (manual, or past end_date).
std::optional<Instant> next_due_time(const Workflow& workflow, std::optional<Instant> latest,
                                     Instant now);

}  // namespace sluice
