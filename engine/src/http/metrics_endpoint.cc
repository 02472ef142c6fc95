// GET /metrics (engine/src/http/metrics_endpoint.h).
#include "engine/src/http/metrics_endpoint.h"

#include "engine/src/metrics/metrics_registry.h"
#include "engine/src/metrics/prometheus_text_writer.h"

namespace georep::engine {

HttpReply metricsReply(const EngineMetricsRegistry& metrics) {
  HttpReply reply;
  reply.status = 200;
  reply.text = metrics.render();
  reply.contentType = std::string(PrometheusTextWriter::kContentType);
  return reply;
}

}  // namespace georep::engine
