// What XML costs beside JSON: renderReply() on GET /api/georeplication-sessions?limit=1000 shaped like the
// real reply (1,000 sessions, each with 4 per-brick session details), in each format, ETag included.
#include <benchmark/benchmark.h>

#include "engine/src/http/reply_renderer.h"

namespace {

using nlohmann::json;

json sessionCollection() {
  json sessions = json::array();
  for (int i = 1; i <= 1000; ++i) {
    json bricks = json::array();
    for (int b = 0; b < 4; ++b) {
      bricks.push_back({{"position", b}, {"replica_set", b / 2}, {"host", "node" + std::to_string(b)},
                        {"path", "/bricks/vol" + std::to_string(i) + "-" + std::to_string(b)},
                        {"worker_status", b % 2 ? "Passive" : "Active"}, {"secondary_node", "snode1"},
                        {"crawl_status", "Changelog Crawl"}, {"entry_pending", 0}, {"data_pending", 12},
                        {"meta_pending", 0}, {"failures", 0}, {"last_synced", "2026-11-21T14:17:16Z"},
                        {"checkpoint_status", nullptr}, {"checkpoint_time", nullptr},
                        {"checkpoint_completed", nullptr}, {"checkpoint_completion_time", nullptr},
                        {"updated_at", "2026-11-21T14:17:23Z"}});
    }
    sessions.push_back({{"session_id", i}, {"cluster", "prod"}, {"master_volume", "vol" + std::to_string(i)},
                        {"secondary_host", "dr.example.com"}, {"secondary_user", "root"},
                        {"secondary_volume", "drvol" + std::to_string(i)}, {"status", "ACTIVE"},
                        {"session_key", "400137e2-f89e-432c-8d78-3b7f94cddab8:ssh://dr::drvol"},
                        {"created_at", "2026-11-21T14:17:02Z"}, {"bricks", std::move(bricks)}});
  }
  return json{{"sessions", std::move(sessions)}, {"total", 1000}};
}

void render(benchmark::State& state, georep::engine::ReplyFormat format) {
  const json body = sessionCollection();
  std::size_t bytes = 0;
  for (auto _ : state) {
    georep::engine::HttpReply reply{200, body, {}, {}};
    reply.tagged = true;
    reply.xml = {"georeplication_sessions", "sessions", "georeplication_session", {{"bricks", "session_details"}}};
    georep::engine::renderReply(reply, format, {});
    bytes = reply.text.size();
    benchmark::DoNotOptimize(reply.text.data());
  }
  state.counters["reply_bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

void BM_RenderSessionsJson(benchmark::State& state) { render(state, georep::engine::ReplyFormat::kJson); }
void BM_RenderSessionsXml(benchmark::State& state) { render(state, georep::engine::ReplyFormat::kXml); }
BENCHMARK(BM_RenderSessionsJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RenderSessionsXml)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
