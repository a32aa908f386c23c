// Converts YAML test data to JSON the way a reader of the YAML expects: quoted scalars are
// strings; plain scalars are null (~, null), booleans (true/false), integers, floats, or else
// strings. So `postcode: 12345` is a JSON integer and `postcode: "12345"` a JSON string.
#pragma once

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

namespace sluice::cli {

using Json = nlohmann::ordered_json;

Json yaml_to_json(const YAML::Node& node);

}  // namespace sluice::cli
