// The dashboard's static files (web/ in the repository: HTML, CSS, JavaScript), compiled into
// the binary at build time by cmake/embed_files.cmake, so that `/` works with no files beside
// the binary and no network. HttpServer serves them at `/` (index.html) and `/ui/<name>`.
#pragma once

#include <span>
#include <string_view>

namespace sluice {

struct WebAsset {
  std::string_view name;  // path under web/, e.g. "dashboard.js"
  std::string_view body;
};

// Every embedded file, in no particular order.
std::span<const WebAsset> web_assets();

// The file called `name`, or nullptr.
const WebAsset* find_web_asset(std::string_view name);

// The Content-Type to serve `name` with, from its extension.
std::string_view web_content_type(std::string_view name);

}  // namespace sluice
