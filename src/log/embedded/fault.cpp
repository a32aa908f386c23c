#include "log/embedded/fault.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace sluice {

void fault_point(std::string_view name) {
  const char* spec = std::getenv("SLUICE_FAULT");
  if (spec == nullptr) return;
  std::string expected(name);
  expected += ":crash";
  if (expected != spec) return;
  std::fprintf(stderr, "SLUICE_FAULT: crashing at %s\n", expected.c_str());
  std::abort();
}

}  // namespace sluice
