// What the dashboard reads beyond /api/v1/status: the API a pipeline-running command mounts on
// its HttpServer. Today GET /api/v1/quarantine?limit=N: the newest quarantined rows with their
// reasons, read from the sink's table (docs/operations.md, "Dashboard").
#pragma once

#include "serve/http_handler.h"
#include "serve/http_server.h"
#include "sink/sink.h"

namespace sluice::cli {

// The answer to /api/v1/quarantine: for GET, {"rows":[{"partition","offset","ingested_at",
// "reasons":[{rule,message}],"raw"}],"limit"} newest first, limit 1..1000 (default 20). Errors
// are the API's JSON error: a bad limit 400 naming the field, another method 405, a path below
// it 404, a sink that cannot list its quarantine 501, one that fails to 503.
HttpResponse quarantine_response(Sink& sink, const HttpRequest& request);

// Mounts the routes above; `sink` must outlive the server.
void add_dashboard_api(HttpServer& server, Sink& sink);

}  // namespace sluice::cli
