// What the dashboard reads beyond /api/v1/status: the JSON routes a pipeline-running command
// adds to its HttpServer. Today GET /api/v1/quarantine?limit=N: the newest quarantined rows
// with their reasons, read from the sink's table (docs/operations.md, "Dashboard").
#pragma once

#include "serve/http_server.h"
#include "sink/sink.h"

namespace sluice::cli {

// The answer to GET /api/v1/quarantine: {"rows":[{"partition","offset","ingested_at",
// "reasons":[{rule,message}],"raw"}]} newest first, limit 1..1000 (default 20); a bad limit is
// a 400 naming the field, a sink that cannot list its quarantine a 501.
HttpServer::JsonReply quarantine_reply(Sink& sink, const HttpServer::Query& query);

// Adds the routes above; `sink` must outlive the server.
void add_dashboard_api(HttpServer& server, Sink& sink);

}  // namespace sluice::cli
