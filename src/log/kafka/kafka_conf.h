// librdkafka configuration for sluice's Kafka clients (docs/cluster.md, "Kafka log").
// Three layers, later ones winning: sluice's defaults for the client's role (small prefetch,
// lz4, cooperative-sticky, ...), then the user's `log.kafka.properties` (any librdkafka
// property: SASL, SSL, timeouts, ...), then what sluice's guarantees rest on (read_committed,
// no auto-commit, idempotence, the group and transactional ids). A user property that
// contradicts the last layer is an error rather than silently overridden.
// Secrets: a property whose name says password, secret or private key is never logged, and an
// error about it never echoes its value.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/config.h"
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

// True for properties that hold credentials (sasl.password, ssl.key.password, ssl.key.pem,
// sasl.oauthbearer.client.secret, sasl.oauthbearer.config, ...).
bool is_secret_property(std::string_view name);

// The properties for a client of `role`: the three layers above, with `fixed` (group.id,
// transactional.id, ...) in the last one. Errors name the property as the user gave it
// ("log.kafka.properties.enable.auto.commit") and say why.
Result<Properties> client_properties(const LogConfig& config, ClientRole role,
                                     const Properties& fixed);

// A librdkafka configuration holding `properties`, logging through spdlog ("kafka: ...").
// kInvalidArgument naming the property when librdkafka rejects one (never its secret value).
Result<ConfPtr> make_conf(const Properties& properties);

// rd_kafka_new(); takes `conf` (freed on failure too).
Result<KafkaPtr> new_client(ConfPtr conf, rd_kafka_type_t type);

}  // namespace sluice::kafka
