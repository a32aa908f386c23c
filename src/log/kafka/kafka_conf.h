// librdkafka configuration for sluice's Kafka clients (docs/cluster.md, "Kafka log").
// Three layers, later ones winning: sluice's defaults for the client's role (small prefetch,
// lz4, cooperative-sticky, ...), then the user's `log.kafka.properties` (any librdkafka
// property: SASL, SSL, timeouts, ...), then what sluice's guarantees rest on (read_committed,
// no auto-commit, idempotence, the group and transactional ids). A user property that
// contradicts the last layer is an error rather than silently overridden.
// Secrets: the user's layer takes properties whose values are in files or environment
// variables (`kafka.properties_from_files`, `kafka.properties_from_env`), read each time a
// client is made, so a rotated password is picked up by the next client. A property whose name
// says password, secret or private key (core/secret_source.h) is never logged, and an error
// about it never echoes its value.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/config_interpolate.h"
#include "core/secret_source.h"
#include "core/status.h"
#include "log/kafka/kafka_handle.h"

namespace sluice::kafka {

enum class ClientRole {
  kAdmin,               // topic metadata and creation
  kProducer,            // the transactional writer
  kConsumer,            // a member of a consumer group
  kCursorReader,        // reads the cursor topic by assignment, in no group
  kDeadLetterProducer,  // idempotent, not transactional: quarantined records to their topic
};

using Properties = std::map<std::string, std::string>;

// The properties for a client of `role`: the three layers above, with `fixed` (group.id,
// transactional.id, ...) in the last one; `env` resolves properties_from_env. Errors name the
// property as the user gave it ("log.kafka.properties.enable.auto.commit",
// "log.kafka.properties_from_files.sasl.password: cannot read ...") and say why.
Result<Properties> client_properties(const LogConfig& config, ClientRole role,
                                     const Properties& fixed, const EnvLookup& env = process_env());

// A librdkafka configuration holding `properties`, logging through spdlog ("kafka: ...").
// kInvalidArgument naming the property when librdkafka rejects one (never its secret value).
Result<ConfPtr> make_conf(const Properties& properties);

// rd_kafka_new(); takes `conf` (freed on failure too).
Result<KafkaPtr> new_client(ConfPtr conf, rd_kafka_type_t type);

}  // namespace sluice::kafka
