// The Cassandra sink's CQL text and bound values, without a server: the replication map of
// each strategy, the tables made from a schema, and the rows as the INSERTs bind them.
#include "sink/cassandra/cassandra_cql.h"

#include <gtest/gtest.h>

#include <string>

#include "core/reason.h"
#include "core/record.h"
#include "sink/cassandra/cassandra_rows.h"

namespace sluice::cassandra {
namespace {

TEST(CassandraCql, ReplicationOfEachStrategy) {
  ReplicationConfig simple;
  EXPECT_EQ(replication_cql(simple), "{'class': 'SimpleStrategy', 'replication_factor': 1}");
  simple.replication_factor = 3;
  EXPECT_EQ(create_keyspace_cql("sluice", simple),
            "CREATE KEYSPACE IF NOT EXISTS sluice WITH replication = "
            "{'class': 'SimpleStrategy', 'replication_factor': 3}");

  ReplicationConfig topology;
  topology.strategy = ReplicationStrategy::kNetworkTopology;
  topology.datacenters = {{"eu-west", 3}, {"us'east", 2}};  // a quote is doubled
  EXPECT_EQ(replication_cql(topology),
            "{'class': 'NetworkTopologyStrategy', 'eu-west': 3, 'us''east': 2}");
}

TEST(CassandraCql, TablesFromTheSchema) {
  const Schema schema({{"email", FieldType::kText},
                       {"username", FieldType::kText},
                       {"age", FieldType::kInt},
                       {"Odd\"Name", FieldType::kText}},
                      "username");
  // Every field is text (the values are Record::to_text), the key field the primary key.
  EXPECT_EQ(create_users_cql("ks", schema),
            "CREATE TABLE IF NOT EXISTS ks.created_users (\"email\" text, \"username\" text "
            "PRIMARY KEY, \"age\" text, \"Odd\"\"Name\" text, \"_partition\" int, \"_offset\" "
            "bigint, \"_ingested_at\" timestamp)");
  EXPECT_EQ(create_quarantine_cql("ks"),
            "CREATE TABLE IF NOT EXISTS ks.quarantine (\"_partition\" int, \"_offset\" bigint, "
            "key text, raw text, reasons text, \"_ingested_at\" timestamp, "
            "PRIMARY KEY ((\"_partition\", \"_offset\")))");
  EXPECT_EQ(insert_user_cql("ks", schema),
            "INSERT INTO ks.created_users (\"email\", \"username\", \"age\", \"Odd\"\"Name\", "
            "\"_partition\", \"_offset\", \"_ingested_at\") VALUES (?, ?, ?, ?, ?, ?, ?)");
  EXPECT_EQ(insert_quarantine_cql("ks"),
            "INSERT INTO ks.quarantine (\"_partition\", \"_offset\", key, raw, reasons, "
            "\"_ingested_at\") VALUES (?, ?, ?, ?, ?, ?)");
  EXPECT_EQ(select_owners_cql("ks", schema, 3),
            "SELECT \"username\", \"_partition\", \"_offset\" FROM ks.created_users "
            "WHERE \"username\" IN (?, ?, ?)");
  EXPECT_EQ(select_owner_version_cql("ks", schema),
            "SELECT \"_partition\", \"_offset\", WRITETIME(\"_offset\") FROM ks.created_users "
            "WHERE \"username\" = ?");
  EXPECT_EQ(delete_user_version_cql("ks", schema),
            "DELETE FROM ks.created_users USING TIMESTAMP ? WHERE \"username\" = ?");
  EXPECT_EQ(delete_quarantine_cql("ks"),
            "DELETE FROM ks.quarantine WHERE \"_partition\" = ? AND \"_offset\" = ?");
}

TEST(CassandraRows, AValidRowBindsEveryFieldAsTextAndNullAsNull) {
  const Schema schema(
      {{"username", FieldType::kText}, {"age", FieldType::kInt}, {"email", FieldType::kText}},
      "username");
  Record r(&schema);
  r.set_text(0, "zoë");
  r.set_int(1, 42);
  r.set_null(2);
  r.meta.partition = 3;
  r.meta.offset = 1234567890123;
  r.meta.ingest_time_ms = 1764077401123;
  EXPECT_EQ(user_values(r), (std::vector<cql::Value>{
                                cql::Value::text("zoë"), cql::Value::text("42"), cql::Value::null(),
                                cql::Value::int32(3), cql::Value::int64(1234567890123),
                                cql::Value::timestamp(1764077401123)}));
}

TEST(CassandraRows, AQuarantineRowEncodesItsReasonsAsTheSqliteSinkDoes) {
  const std::vector<Reason> reasons = {{"required", "email is missing"},
                                       {"email_format", "email \"x\\y\" has no @"}};
  QuarantineRow row{{2, 8}, "bob", R"({"email":"x"})", reasons, 1764077401123};
  const std::vector<cql::Value> values = quarantine_values(row);
  ASSERT_EQ(values.size(), 6u);
  EXPECT_EQ(values[0], cql::Value::int32(2));
  EXPECT_EQ(values[1], cql::Value::int64(8));
  EXPECT_EQ(values[2], cql::Value::text("bob"));
  EXPECT_EQ(values[3], cql::Value::text(R"({"email":"x"})"));
  EXPECT_EQ(values[4], cql::Value::text(R"([{"rule":"required","message":"email is missing"},)"
                                        R"({"rule":"email_format","message":"email \"x\\y\" )"
                                        R"(has no @"}])"));
  EXPECT_EQ(values[4].bytes(), reasons_to_json(reasons));
  EXPECT_EQ(values[5], cql::Value::timestamp(1764077401123));
}

}  // namespace
}  // namespace sluice::cassandra
