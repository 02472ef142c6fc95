// Differential test of dr::ZonedSchedule against an independent implementation: Debian's
// Schedule::Cron::Events (Perl) with glibc's time zones, through cron_events.pl. Thousands of random
// expressions (lists, ranges, steps, names, macros, weekday 7) in zones with DST, half-hour DST and none,
// half of them started shortly before a DST transition so that gaps and overlaps are crossed.
// GEOREP_CRON_DIFF_SEED and GEOREP_CRON_DIFF_CASES override the seed and the number of cases.
#include <gtest/gtest.h>

#include <date/date.h>
#include <date/tz.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dr/schedule_error.h"
#include "dr/zoned_schedule.h"

namespace georep::dr {
namespace {

const std::vector<std::string> kZones{"UTC", "Europe/Paris", "Europe/London", "America/New_York", "America/Chicago",
                                      "America/Santiago", "America/Sao_Paulo", "Australia/Sydney",
                                      "Australia/Lord_Howe", "Pacific/Auckland", "Asia/Tehran", "Asia/Kolkata",
                                      "Africa/Cairo", "Pacific/Chatham", "America/Havana", "Europe/Chisinau"};
constexpr std::size_t kEventsPerCase = 30;
// Debian's zoneinfo files list transitions up to 2037; glibc extends them with the file's POSIX TZ rule,
// date/tz (USE_OS_TZDB) does not, so runs are compared up to the end of 2036 only (README: DR policies).
constexpr std::int64_t kCompareBefore = 2114380800;  // 2037-01-01T00:00:00Z

class ExpressionGenerator {
 public:
  explicit ExpressionGenerator(std::uint32_t seed) : rng_(seed) {}

  std::string expression() {
    if (pick(20) == 0) {
      static const char* kMacros[] = {"@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually"};
      return kMacros[pick(7)];
    }
    const std::string minute = field(0, 59, nullptr, 0);
    const std::string hour = field(0, 23, nullptr, 0);
    std::string dom = field(1, 31, nullptr, 0);
    const std::string month = field(1, 12, kMonths, 1);
    // Weekday 7 (Sunday) only once per field: the Perl module drops one trailing 7 and refuses another.
    std::string dow = pick(8) == 0 ? (pick(2) == 0 ? "7" : std::to_string(pick(7)) + "-7") : field(0, 6, kWeekdays, 0);
    // Vixie treats any day field starting with '*' as a star field for the day rule; the Perl module only
    // an exact '*'. They agree when such a field meets an exact '*' in the other day field.
    if (dom[0] == '*' && dom != "*" && dow != "*") dow = "*";
    if (dow[0] == '*' && dow != "*" && dom != "*") dom = "*";
    return minute + " " + hour + " " + dom + " " + month + " " + dow;
  }

  unsigned pick(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng_); }

 private:
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  static constexpr const char* kWeekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

  std::string value(unsigned v, const char* const* names, unsigned nameBase) {
    if (names != nullptr && pick(3) == 0) {
      std::string n = names[v - nameBase];
      if (pick(2) == 0) n[0] = static_cast<char>(n[0] - 'a' + 'A');
      return n;
    }
    return std::to_string(v);
  }

  std::string element(unsigned low, unsigned high, const char* const* names, unsigned nameBase, bool inList) {
    const unsigned span = high - low + 1;
    // No bare '*' in an element: in a list the Perl module mishandles the duplicate 0 or 7 it brings.
    switch (pick(6)) {
      case 0:
      case 1:
      case 2:
        return value(low + pick(span), names, nameBase);
      case 3: {
        const unsigned a = low + pick(span);
        const unsigned b = a + pick(high - a + 1);
        return value(a, names, nameBase) + "-" + value(b, names, nameBase);
      }
      case 4: {
        // Inside a list, `*/n` is spelled `low-high/n` (same set): see the note on '*' above.
        const std::string all = inList ? std::to_string(low) + "-" + std::to_string(high) : "*";
        return all + "/" + std::to_string(1 + pick(span < 16 ? span : 16));
      }
      default: {
        const unsigned a = low + pick(span);
        const unsigned b = a + pick(high - a + 1);
        return std::to_string(a) + "-" + std::to_string(b) + "/" + std::to_string(1 + pick(span < 12 ? span : 12));
      }
    }
  }

  std::string field(unsigned low, unsigned high, const char* const* names, unsigned nameBase) {
    if (pick(3) == 0) return "*";
    const unsigned extra = pick(3) == 0 ? 1 + pick(2) : 0;
    std::string out = element(low, high, names, nameBase, extra > 0);
    for (unsigned i = 0; i < extra; ++i) out += "," + element(low, high, names, nameBase, true);
    return out;
  }

  std::mt19937 rng_;
};

struct Case {
  std::string zone;
  std::string expression;
  date::local_seconds startWall;
};

std::string wallText(date::local_seconds wall) { return date::format("%F %H:%M", wall); }

// A start wall time that exists exactly once in its zone: random in 2001..2036, or (half the cases) up
// to 3 hours before the zone's next DST transition.
std::optional<date::local_seconds> startWall(ExpressionGenerator& gen, const date::time_zone& zone) {
  const auto from = date::sys_days{date::year{2001} / 1 / 1};
  Instant at{(from + std::chrono::minutes(gen.pick(35u * 365u * 24u * 60u))).time_since_epoch()};
  if (gen.pick(2) == 0) {
    const auto next = zone.get_info(at).end;
    if (next < date::sys_days{date::year{2037} / 1 / 1}) {
      at = Instant{(date::floor<std::chrono::minutes>(next) - std::chrono::minutes(gen.pick(180))).time_since_epoch()};
    }
  }
  const date::local_seconds wall = date::floor<std::chrono::minutes>(zone.to_local(at));
  // The Perl module starts counting at localtime(timelocal(start) + 60): both minutes must exist once.
  if (zone.get_info(wall).result != date::local_info::unique ||
      zone.get_info(wall + std::chrono::minutes(1)).result != date::local_info::unique) {
    return std::nullopt;
  }
  return wall;
}

std::string runOracle(const std::string& input) {
  const auto dir = std::filesystem::temp_directory_path() / ("georep-cron-diff-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto in = dir / "in.tsv";
  const auto out = dir / "out.txt";
  std::ofstream(in) << input;
  const std::string command = std::string("perl '") + GEOREP_CRON_EVENTS_PL + "' < '" + in.string() + "' > '" +
                              out.string() + "'";
  const int rc = std::system(command.c_str());
  std::ifstream result(out);
  std::stringstream text;
  text << result.rdbuf();
  std::filesystem::remove_all(dir);
  if (rc != 0) {
    ADD_FAILURE() << "the oracle failed (rc " << rc << "); is libschedule-cron-events-perl installed "
                  << "(scripts/install-deps)?";
  }
  return text.str();
}

std::uint32_t envNumber(const char* name, std::uint32_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10)) : fallback;
}

TEST(CronDifferentialTest, AgreesWithScheduleCronEventsAcrossZonesAndDst) {
  const std::uint32_t seed = envNumber("GEOREP_CRON_DIFF_SEED", 20261201);
  const std::uint32_t cases = envNumber("GEOREP_CRON_DIFF_CASES", 3000);
  ExpressionGenerator gen(seed);
  std::vector<Case> all;
  std::string input;
  while (all.size() < cases) {
    const std::string& zone = kZones[gen.pick(static_cast<unsigned>(kZones.size()))];
    const auto wall = startWall(gen, *date::locate_zone(zone));
    if (!wall) continue;
    Case c{zone, gen.expression(), *wall};
    input += c.zone + "\t" + c.expression + "\t" + wallText(c.startWall) + "\t" + std::to_string(kEventsPerCase) + "\n";
    all.push_back(std::move(c));
  }
  std::istringstream oracle(runOracle(input));
  std::size_t compared = 0;
  std::size_t crossedTransition = 0;
  std::size_t never = 0;
  for (const Case& c : all) {
    std::string line;
    ASSERT_TRUE(std::getline(oracle, line)) << "the oracle answered fewer lines than cases (seed " << seed << ")";
    const std::string where = c.zone + " '" + c.expression + "' from " + wallText(c.startWall) + " (seed " +
                              std::to_string(seed) + ")";
    if (line == "NEVER") {
      ++never;
      try {
        ZonedSchedule::make(c.expression, c.zone, Instant{date::sys_days{date::year{2001} / 1 / 1}.time_since_epoch()});
        ADD_FAILURE() << where << ": the oracle finds no time, we accept it";
      } catch (const ScheduleError& e) {
        EXPECT_EQ(e.kind(), ScheduleErrorKind::kNeverFires) << where << ": " << e.what();
      }
      continue;
    }
    std::istringstream numbers(line);
    std::vector<std::int64_t> expected;
    for (std::int64_t v; numbers >> v && v < kCompareBefore;) expected.push_back(v);
    if (expected.size() < 2) continue;  // a rare schedule whose next run is after 2036
    ASSERT_GE(expected.size(), 2u) << where << ": oracle said '" << line << "'";
    const auto schedule = ZonedSchedule::make(c.expression, c.zone, Instant{std::chrono::seconds(expected[0])});
    const auto& zone = *date::locate_zone(c.zone);
    ASSERT_EQ(zone.to_sys(c.startWall).time_since_epoch().count(), expected[0]) << where << ": start instant";
    Instant at{std::chrono::seconds(expected[0])};
    const auto transition = zone.get_info(at).end;
    for (std::size_t i = 1; i < expected.size(); ++i) {
      const auto next = schedule.nextAfter(at);
      ASSERT_TRUE(next.has_value()) << where << ": no run " << i;
      ASSERT_EQ(next->time_since_epoch().count(), expected[i])
          << where << ": run " << i << " is " << date::format("%FT%TZ", *next) << ", oracle "
          << date::format("%FT%TZ", Instant{std::chrono::seconds(expected[i])});
      at = *next;
    }
    if (at >= transition) ++crossedTransition;
    ++compared;
  }
  EXPECT_FALSE(std::getline(oracle, *std::make_unique<std::string>())) << "the oracle answered more lines than cases";
  // The comparison must actually have crossed DST transitions and compared many runs, or it proves little.
  EXPECT_GE(compared, cases * 9 / 10);
  EXPECT_GE(crossedTransition, cases / 10) << "too few cases crossed a zone transition";
  std::printf("compared %zu cases (%zu crossed a zone transition, %zu never fire), seed %u\n", compared,
              crossedTransition, never, seed);
}

}  // namespace
}  // namespace georep::dr
