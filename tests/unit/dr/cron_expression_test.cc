// Unit tests of dr::CronExpression: syntax, ranges, steps, lists, names, macros, the Vixie day rule, and
// typed refusals of bad input.
#include <gtest/gtest.h>

#include <string>

#include "dr/cron_expression.h"
#include "dr/schedule_error.h"

namespace georep::dr {
namespace {

std::string minutesOf(const CronExpression& e) {
  std::string out;
  for (unsigned m = 0; m < 60; ++m) {
    if (e.matchesMinute(m)) out += (out.empty() ? "" : ",") + std::to_string(m);
  }
  return out;
}

TEST(CronExpressionTest, ListsRangesAndSteps) {
  EXPECT_EQ(minutesOf(CronExpression::parse("0,15,45 * * * *")), "0,15,45");
  EXPECT_EQ(minutesOf(CronExpression::parse("10-13 * * * *")), "10,11,12,13");
  EXPECT_EQ(minutesOf(CronExpression::parse("*/20 * * * *")), "0,20,40");
  EXPECT_EQ(minutesOf(CronExpression::parse("5-30/10 * * * *")), "5,15,25");
  EXPECT_EQ(minutesOf(CronExpression::parse("1,*/30,59 * * * *")), "0,1,30,59");
  EXPECT_EQ(minutesOf(CronExpression::parse("07 * * * *")), "7");
}

TEST(CronExpressionTest, HoursAndMonthsByNumberAndName) {
  const auto e = CronExpression::parse("0 22-23 * JAN,mar-May *");
  EXPECT_TRUE(e.matchesHour(22));
  EXPECT_FALSE(e.matchesHour(21));
  EXPECT_TRUE(e.matchesMonth(1));
  EXPECT_FALSE(e.matchesMonth(2));
  EXPECT_TRUE(e.matchesMonth(4));
  EXPECT_FALSE(e.matchesMonth(6));
  // Month steps count from 1, as Vixie does.
  const auto odd = CronExpression::parse("0 0 1 */2 *");
  EXPECT_TRUE(odd.matchesMonth(1));
  EXPECT_FALSE(odd.matchesMonth(2));
  EXPECT_TRUE(odd.matchesMonth(11));
}

TEST(CronExpressionTest, WeekdaySevenAndNamesAreSunday) {
  const auto seven = CronExpression::parse("0 0 * * 7");
  const auto sun = CronExpression::parse("0 0 * * Sun");
  for (unsigned day = 1; day <= 7; ++day) {
    EXPECT_EQ(seven.matchesDay(day, 0), true);
    EXPECT_EQ(sun.matchesDay(day, 0), true);
    EXPECT_FALSE(seven.matchesDay(day, 1));
  }
  const auto weekend = CronExpression::parse("0 0 * * 6-7");
  EXPECT_TRUE(weekend.matchesDay(3, 6));
  EXPECT_TRUE(weekend.matchesDay(3, 0));
  EXPECT_FALSE(weekend.matchesDay(3, 5));
  const auto workdays = CronExpression::parse("0 0 * * mon-fri");
  EXPECT_TRUE(workdays.matchesDay(9, 1));
  EXPECT_FALSE(workdays.matchesDay(9, 6));
}

TEST(CronExpressionTest, VixieDayRuleOrWhenBothRestricted) {
  // 13th OR Friday.
  const auto e = CronExpression::parse("0 0 13 * 5");
  EXPECT_TRUE(e.matchesDay(13, 2));
  EXPECT_TRUE(e.matchesDay(20, 5));
  EXPECT_FALSE(e.matchesDay(20, 4));
}

TEST(CronExpressionTest, VixieDayRuleAndWhenAFieldStartsWithStar) {
  // `*/2` starts with '*': odd days AND Monday, not OR (Vixie's DOM_STAR flag).
  const auto e = CronExpression::parse("0 0 */2 * 1");
  EXPECT_TRUE(e.matchesDay(3, 1));
  EXPECT_FALSE(e.matchesDay(4, 1));
  EXPECT_FALSE(e.matchesDay(3, 2));
  const auto onlyDom = CronExpression::parse("0 0 1,15 * *");
  EXPECT_TRUE(onlyDom.matchesDay(15, 3));
  EXPECT_FALSE(onlyDom.matchesDay(16, 3));
  const auto onlyDow = CronExpression::parse("0 0 * * 0");
  EXPECT_TRUE(onlyDow.matchesDay(16, 0));
  EXPECT_FALSE(onlyDow.matchesDay(1, 3));
}

TEST(CronExpressionTest, Macros) {
  const auto hourly = CronExpression::parse("@hourly");
  EXPECT_EQ(minutesOf(hourly), "0");
  EXPECT_TRUE(hourly.matchesHour(13));
  const auto daily = CronExpression::parse("  @DAILY ");
  EXPECT_EQ(daily.text(), "@DAILY");
  EXPECT_FALSE(daily.matchesHour(1));
  EXPECT_TRUE(daily.matchesDay(17, 3));
  const auto weekly = CronExpression::parse("@weekly");
  EXPECT_TRUE(weekly.matchesDay(17, 0));
  EXPECT_FALSE(weekly.matchesDay(17, 1));
  const auto monthly = CronExpression::parse("@monthly");
  EXPECT_TRUE(monthly.matchesDay(1, 4));
  EXPECT_FALSE(monthly.matchesDay(2, 4));
  const auto yearly = CronExpression::parse("@yearly");
  EXPECT_TRUE(yearly.matchesMonth(1));
  EXPECT_FALSE(yearly.matchesMonth(2));
}

TEST(CronExpressionTest, TabsAndSpacesSeparateFields) {
  EXPECT_EQ(minutesOf(CronExpression::parse("\t5  *\t* * *  ")), "5");
}

void expectBad(const std::string& text, const std::string& fragment) {
  try {
    CronExpression::parse(text);
    ADD_FAILURE() << "accepted: " << text;
  } catch (const ScheduleError& e) {
    EXPECT_EQ(e.kind(), ScheduleErrorKind::kBadCron) << text;
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << text << " -> " << e.what();
  }
}

TEST(CronExpressionTest, RefusesBadInputWithTheFieldNamed) {
  expectBad("", "5 fields");
  expectBad("* * * *", "this one has 4");
  expectBad("* * * * * *", "this one has 6");
  expectBad("60 * * * *", "minute field: 60 is out of range 0-59");
  expectBad("* 24 * * *", "hour field: 24");
  expectBad("* * 0 * *", "day of month field: 0 is out of range 1-31");
  expectBad("* * 32 * *", "day of month");
  expectBad("* * * 13 *", "month field");
  expectBad("* * * * 8", "day of week field");
  expectBad("*/0 * * * *", "step 0");
  expectBad("*/61 * * * *", "step 61");
  expectBad("5/10 * * * *", "a step needs '*' or a range");
  expectBad("10-5 * * * *", "runs backwards");
  expectBad("1,,2 * * * *", "empty list element");
  expectBad("1, * * * *", "empty list element");
  expectBad("a * * * *", "expected a number");
  expectBad("* * * * monday", "unexpected 'day'");
  expectBad("* * * jan-feb-mar *", "unexpected '-mar'");
  expectBad("* * * * jan", "day of week field");
  expectBad("100 * * * *", "number too long");
  expectBad("-1 * * * *", "expected a number");
  expectBad("@reboot", "unknown cron macro");
  expectBad("@hourly *", "unknown cron macro");
  expectBad("* * * * *\n", "control character");
  expectBad("* * * * *\xc3\xa9", "non-ASCII");
  expectBad(std::string(201, '*'), "longer than 200");
}

}  // namespace
}  // namespace georep::dr
