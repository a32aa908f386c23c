// Which librdkafka log lines count as a broker refusing the client (src/log/kafka/kafka_refusal.h),
// kept per client and forgotten with it. The lines are librdkafka 2.0.2's, as logged against
// scripts/services/kafka --secure with a wrong password and with a CA that signed nothing there.
#include "log/kafka/kafka_refusal.h"

#include <gtest/gtest.h>

namespace sluice::kafka {
namespace {

// Only compared as keys: never dereferenced.
const rd_kafka_t* client(int n) {
  static int slots[2];
  return reinterpret_cast<const rd_kafka_t*>(&slots[n]);
}

TEST(KafkaRefusal, LoginAndCertificateFailuresAreFiledPerClient) {
  const rd_kafka_t* a = client(0);
  const rd_kafka_t* b = client(1);
  EXPECT_FALSE(refusal(a).has_value());
  // A broker that is away or closed an idle connection is not a refusal.
  note_refusal(a, "FAIL", "127.0.0.1:9192/bootstrap: Connect to ipv4#127.0.0.1:9192 failed");
  note_refusal(a, "FAIL", "127.0.0.1:9192/1: Disconnected (after 600000ms in state UP)");
  EXPECT_FALSE(refusal(a).has_value());
  // The words of a refusal under another facility are not librdkafka's verdict.
  note_refusal(a, "ERROR", "SASL authentication error");
  EXPECT_FALSE(refusal(a).has_value());

  const std::string sasl =
      "sasl_ssl://127.0.0.1:9192/bootstrap: SASL authentication error: Authentication failed "
      "during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512";
  note_refusal(a, "FAIL", sasl);
  ASSERT_TRUE(refusal(a).has_value());
  EXPECT_EQ(*refusal(a), sasl);
  EXPECT_FALSE(refusal(b).has_value());

  const std::string tls =
      "sasl_ssl://127.0.0.1:9192/bootstrap: error:0A000086:SSL routines::certificate verify "
      "failed (after 44ms in state SSL_HANDSHAKE)";
  note_refusal(b, "FAIL", tls);
  EXPECT_EQ(refusal(b).value_or(""), tls);

  forget_refusals(a);
  forget_refusals(b);
  EXPECT_FALSE(refusal(a).has_value());
  EXPECT_FALSE(refusal(b).has_value());
}

}  // namespace
}  // namespace sluice::kafka
