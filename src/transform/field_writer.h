// How a captured JSON value lands in a Record field of a given type.
//
// The native setter is used when the source kind converts losslessly (string -> text/timestamp,
// integer -> int, integer/float -> float, bool -> bool). Otherwise the value is kept as text with
// its source kind, so that `data_types` can name it and a message can show it: a number in a
// text field keeps its JSON token ("63104"), a bool becomes "true"/"false", an object or array
// its raw JSON. Missing and null stay null with their kind.
#pragma once

#include <cstddef>

#include "core/record.h"
#include "transform/capture.h"

namespace sluice::mapping {

void write_capture(const Capture& capture, FieldType type, size_t field, Record* out);

}  // namespace sluice::mapping
