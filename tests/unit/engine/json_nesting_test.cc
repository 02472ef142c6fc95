// jsonNestingDepth: the pre-parse scan that keeps deeply nested bodies away from nlohmann's recursion.
#include "engine/src/http/json_nesting.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace georep::engine {
namespace {

TEST(JsonNesting, CountsArraysAndObjects) {
  EXPECT_EQ(jsonNestingDepth(""), 0u);
  EXPECT_EQ(jsonNestingDepth("42"), 0u);
  EXPECT_EQ(jsonNestingDepth("{}"), 1u);
  EXPECT_EQ(jsonNestingDepth(R"({"a":[1,{"b":[]}],"c":{}})"), 4u);
  EXPECT_EQ(jsonNestingDepth("[[]][[[]]]"), 3u);
}

TEST(JsonNesting, BracketsInsideStringsAndEscapesAreNotNesting) {
  EXPECT_EQ(jsonNestingDepth(R"({"x":"[[[[{{{{"})"), 1u);
  EXPECT_EQ(jsonNestingDepth(R"({"x":"\"[[[[","y":[1]})"), 2u);  // escaped quote keeps the string open
  EXPECT_EQ(jsonNestingDepth(R"({"x":"\\","y":[[1]]})"), 3u);     // escaped backslash closes it
  EXPECT_EQ(jsonNestingDepth(R"(["\u005b[",[]])"), 2u);
}

TEST(JsonNesting, UnbalancedClosersNeverGoBelowZero) {
  EXPECT_EQ(jsonNestingDepth("]]]]}}}[["), 2u);
}

TEST(JsonNesting, StopsAsSoonAsTheLimitIsPassed) {
  const std::size_t depth = 200000;
  const std::string attack = "{\"x\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  EXPECT_EQ(jsonNestingDepth(attack, kMaxJsonNestingDepth), kMaxJsonNestingDepth + 1);
  EXPECT_TRUE(jsonNestsDeeperThan(attack, kMaxJsonNestingDepth));
  EXPECT_EQ(jsonNestingDepth(attack), depth + 1);
}

TEST(JsonNesting, TheLimitItselfIsAllowedAndAgreesWithTheParser) {
  const std::string atLimit = std::string(kMaxJsonNestingDepth, '[') + std::string(kMaxJsonNestingDepth, ']');
  EXPECT_FALSE(jsonNestsDeeperThan(atLimit, kMaxJsonNestingDepth));
  EXPECT_FALSE(nlohmann::json::parse(atLimit, nullptr, false).is_discarded());
  EXPECT_TRUE(jsonNestsDeeperThan("[" + atLimit + "]", kMaxJsonNestingDepth));
}

}  // namespace
}  // namespace georep::engine
