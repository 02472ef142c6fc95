// GET /metrics: the Prometheus text exposition of every registered collector, rendered from memory
// (EngineMetricsRegistry::render). The router authenticates first: any role may scrape (a viewer API
// token is what Prometheus uses, via bearer_token_file).
// Thread-safety: a pure function over the thread-safe registry.
#pragma once

#include "engine/src/http/http_router.h"

namespace georep::engine {

class EngineMetricsRegistry;

HttpReply metricsReply(const EngineMetricsRegistry& metrics);

}  // namespace georep::engine
