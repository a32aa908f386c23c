#include <cstdio>

#include "cli/commands.h"

namespace sluice::cli {

int not_built_yet(const char* name, const char* what) {
  std::fprintf(stderr,
               "sluice %s: not built yet (%s). Nothing was done; see README.md for what works.\n",
               name, what);
  return kExitFailure;
}

}  // namespace sluice::cli
