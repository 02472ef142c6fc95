// findTransactionControl: COMMIT, ROLLBACK and CONCURRENTLY are found as statements' words, in any case,
// with their line; the same words inside comments, literals, quoted names and dollar-quoted bodies are not.
#include "engine/src/db/migration_script_check.h"

#include <gtest/gtest.h>

namespace georep::engine {
namespace {

TEST(MigrationScriptCheck, FindsTransactionControlWithItsLine) {
  auto found = findTransactionControl("CREATE TABLE a (id int);\ncommit;\n");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->word, "commit");
  EXPECT_EQ(found->line, 2);
  EXPECT_TRUE(findTransactionControl("ROLLBACK"));
  found = findTransactionControl("-- an index\n/* built\n online */ CREATE INDEX Concurrently i ON a (id);");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->word, "Concurrently");
  EXPECT_EQ(found->line, 3);
  EXPECT_TRUE(findTransactionControl("SELECT 'it''s';COMMIT"));
}

TEST(MigrationScriptCheck, IgnoresCommentsLiteralsQuotedNamesAndFunctionBodies) {
  EXPECT_FALSE(findTransactionControl("-- do not COMMIT here\nCREATE TABLE a (id int);"));
  EXPECT_FALSE(findTransactionControl("/* outer /* nested COMMIT */ still ROLLBACK */ SELECT 1;"));
  EXPECT_FALSE(findTransactionControl("INSERT INTO log VALUES ('COMMIT'), ('it''s ROLLBACK'), (E'\\' COMMIT');"));
  EXPECT_FALSE(findTransactionControl("CREATE TABLE \"commit\" (\"rollback\" int);"));
  EXPECT_FALSE(findTransactionControl(
      "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN COMMIT; END $body$;"));
  EXPECT_FALSE(findTransactionControl("CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"));
  EXPECT_FALSE(findTransactionControl("CREATE TABLE commits (committed bool, rollback_at timestamptz);"));
}

TEST(MigrationScriptCheck, AnUnterminatedQuoteHidesNothingAfterIt) {
  // Everything after an unterminated literal is inside it (PostgreSQL would refuse the script anyway).
  EXPECT_FALSE(findTransactionControl("SELECT 'unterminated COMMIT"));
  EXPECT_TRUE(findTransactionControl("COMMIT; SELECT 'unterminated"));
}

}  // namespace
}  // namespace georep::engine
