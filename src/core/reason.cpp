#include "core/reason.h"

#include "core/json_escape.h"

namespace sluice {

std::string reasons_to_json(const std::vector<Reason>& reasons) {
  std::string out = "[";
  for (const Reason& r : reasons) {
    if (out.size() > 1) out += ',';
    out += "{\"rule\":";
    append_json_string(r.rule, &out);
    out += ",\"message\":";
    append_json_string(r.message, &out);
    out += '}';
  }
  out += ']';
  return out;
}

}  // namespace sluice
