// libFuzzer target for the ingest path of one API page: the response body is split into its
// records (PageParser, reading each record's key on the way, as `sluice ingest` does), each
// record is mapped to a row (Mapper) and judged by the rules (RuleSet), all as the shipped
// config/local.yaml declares them. Any input must end as records or a Status, never a crash;
// and the key the splitter reads must be the one Mapper::key_of finds in the same record
// (partitioning and the sink's key depend on both agreeing). Built with -DSLUICE_FUZZ=ON under
// clang; run by `make fuzz` (scripts/fuzz-brief) from tests/fuzz/corpus/page/ (randomuser
// pages and the mock API's pages).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/record.h"
#include "ingest/http/page_parser.h"
#include "quality/memory_unique_index.h"
#include "quality/rule_set.h"
#include "quality/verdict.h"
#include "transform/mapper.h"

namespace {

struct Pipeline {
  sluice::PipelineConfig config = sluice::load_config(SLUICE_SOURCE_DIR "/config/local.yaml");
  sluice::Schema schema = config.schema();
  sluice::Mapper mapper = std::move(sluice::Mapper::compile(config.fields, schema)).value();
  sluice::RuleSet rules =
      std::move(sluice::RuleSet::compile(config.rules, config.fields, schema)).value();
  sluice::PageParser parser{config.source.http.records_path};
  Pipeline() { parser.set_key_path(mapper.key_path()); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Pipeline p;
  std::string body(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> records;
  std::vector<std::string> keys;
  if (!p.parser.parse(&body, &records, &keys).ok()) return 0;
  if (keys.size() != records.size()) {
    std::fprintf(stderr, "page_fuzz: %zu records but %zu keys\n", records.size(), keys.size());
    std::abort();
  }
  sluice::Record row(&p.schema);
  sluice::Verdict verdict;
  sluice::MemoryUniqueIndex unique;
  for (size_t i = 0; i < records.size(); ++i) {
    const std::string key = p.mapper.key_of(records[i]);
    if (key != keys[i]) {
      std::fprintf(stderr, "page_fuzz: record %zu: the splitter read key '%s', key_of '%s'\n", i,
                   keys[i].c_str(), key.c_str());
      std::abort();
    }
    if (!p.mapper.map(records[i], &row).ok()) continue;
    p.rules.evaluate(row, &unique, &verdict);
    if (verdict.valid()) p.rules.claim(row, &unique);
  }
  return 0;
}
