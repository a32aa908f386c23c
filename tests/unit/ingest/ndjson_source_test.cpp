#include "ingest/file/ndjson_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace sluice {
namespace {

class NdjsonSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("sluice_ndjson_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".ndjson");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void write(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }
  NdjsonSource source(int batch_records = 100) {
    FileSourceConfig c;
    c.path = path_.string();
    c.batch_records = batch_records;
    return NdjsonSource(c);
  }
  std::filesystem::path path_;
};

TEST_F(NdjsonSourceTest, ObjectsAreRecordsBlankLinesSkippedOthersRejectedWithLine) {
  write("{\"a\":1}\n\n   \n[1,2]\n{\"b\": \"x\"}\r\nnot json\n\"text\"\n{\"c\":3}\n");
  auto s = source();
  ASSERT_TRUE(s.seek("").ok());
  auto batch = s.next();
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  ASSERT_EQ(batch->records.size(), 3u);
  EXPECT_EQ(batch->records[0], "{\"a\":1}");
  EXPECT_EQ(batch->records[1], "{\"b\": \"x\"}");  // no \r
  EXPECT_EQ(batch->records[2], "{\"c\":3}");
  ASSERT_EQ(batch->rejected.size(), 3u);
  EXPECT_NE(batch->rejected[0].find(":4:"), std::string::npos) << batch->rejected[0];
  EXPECT_NE(batch->rejected[1].find(":6:"), std::string::npos) << batch->rejected[1];
  EXPECT_NE(batch->rejected[2].find(":7:"), std::string::npos) << batch->rejected[2];
  auto end = s.next();
  ASSERT_TRUE(end.ok());
  EXPECT_TRUE(end->records.empty());
}

TEST_F(NdjsonSourceTest, AByteOrderMarkIsSkippedAtTheFileStartOnly) {
  write("\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBF{\"b\":2}\n");
  auto s = source();
  ASSERT_TRUE(s.seek("").ok());
  auto batch = s.next();
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  ASSERT_EQ(batch->records.size(), 1u);
  EXPECT_EQ(batch->records[0], "{\"a\":1}");
  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_NE(batch->rejected[0].find(":2: "), std::string::npos) << batch->rejected[0];
  // Resumed past the first line, the second line's mark is still foreign bytes.
  auto resumed = source();
  ASSERT_TRUE(resumed.seek("offset=11").ok());
  batch = resumed.next();
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->records.empty());
  EXPECT_EQ(batch->rejected.size(), 1u);
}

TEST_F(NdjsonSourceTest, WithAKeyPathEachRecordsKeyComesAlong) {
  write(
      "{\"login\": {\"username\": \"ann\"}}\nnot json\n{\"login\": {\"username\": 7}}\n"
      "{\"login\": \"flat\"}\n{\"x\": 1, \"login\": {\"id\": 1, \"username\": \"b\\u00e9\"}}\n");
  auto s = source();
  ASSERT_TRUE(s.seek("").ok());
  auto plain = s.next();  // no key path: no keys
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->records.size(), 4u);
  EXPECT_TRUE(plain->keys.empty());

  auto keyed_source = source();
  keyed_source.set_key_path({"login", "username"});
  ASSERT_TRUE(keyed_source.seek("").ok());
  auto batch = keyed_source.next();
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->records.size(), 4u);  // the bad line is rejected and has no key
  EXPECT_EQ(batch->keys, (std::vector<std::string>{"ann", "", "", "b\xC3\xA9"}));
}

TEST_F(NdjsonSourceTest, AnUnterminatedLastLineWaitsForItsLineBreak) {
  write("{\"n\":1}\n{\"n\":");  // a writer is half-way through line 2
  auto s = source();
  ASSERT_TRUE(s.seek("").ok());
  auto batch = s.next();
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->records.size(), 1u);
  EXPECT_TRUE(batch->rejected.empty());
  EXPECT_EQ(batch->cursor_after, "offset=8");
  std::ofstream(path_, std::ios::app) << "2}\n";
  auto resumed = source();
  ASSERT_TRUE(resumed.seek(batch->cursor_after).ok());
  auto rest = resumed.next();
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->records.size(), 1u);
  EXPECT_EQ(rest->records[0], "{\"n\":2}");
}

TEST_F(NdjsonSourceTest, CursorIsTheNextByteAndResumesThere) {
  std::string first = "{\"n\":1}\n", second = "{\"n\":2}\n", third = "{\"n\":3}\n";
  write(first + second + third);
  auto s = source(2);
  ASSERT_TRUE(s.seek("").ok());
  auto batch = s.next();
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->records.size(), 2u);
  EXPECT_EQ(batch->cursor_after, "offset=" + std::to_string(first.size() + second.size()));

  auto resumed = source(2);
  ASSERT_TRUE(resumed.seek(batch->cursor_after).ok());
  auto rest = resumed.next();
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->records.size(), 1u);
  EXPECT_EQ(rest->records[0], "{\"n\":3}");
  EXPECT_EQ(rest->cursor_after, "offset=" + std::to_string(first.size() * 3));
}

TEST_F(NdjsonSourceTest, LineNumbersStayRightAfterResuming) {
  write("{\"n\":1}\n{\"n\":2}\nbroken\n");
  auto s = source();
  ASSERT_TRUE(s.seek("offset=8").ok());
  auto batch = s.next();
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->rejected.size(), 1u);
  EXPECT_NE(batch->rejected[0].find(":3:"), std::string::npos) << batch->rejected[0];
}

TEST_F(NdjsonSourceTest, BadCursorsAreRefused) {
  write("{\"n\":1}\n");
  auto s = source();
  EXPECT_FALSE(s.seek("page=2").ok());
  EXPECT_FALSE(s.seek("offset=abc").ok());
  EXPECT_FALSE(s.seek("offset=999").ok());  // past the end: the file was replaced
}

TEST_F(NdjsonSourceTest, MissingFileIsAnError) {
  FileSourceConfig c;
  c.path = (path_.string() + ".missing");
  NdjsonSource s(c);
  Status seek = s.seek("");
  if (seek.ok()) {
    EXPECT_FALSE(s.next().ok());
  } else {
    EXPECT_NE(seek.message().find(".missing"), std::string::npos);
  }
}

}  // namespace
}  // namespace sluice
