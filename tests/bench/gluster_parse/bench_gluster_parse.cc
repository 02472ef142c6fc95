// Parser benchmarks on documents generated from the real GlusterFS 10.3 captures' shape:
//  - status of 1,000 sessions x 4 bricks (the sync job's per-cluster listing; target < 20 ms),
//  - volume info of 250 volumes x 4 bricks, and the captured config document.
// Throughput is reported as bytes/s (SetBytesProcessed).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "gluster/xml_parsers.h"
#include "support/capture_edit.h"
#include "support/fake_transport.h"

namespace {

using georep::testing::between;
using georep::testing::replaceAll;

std::string uuid(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-619e-467f-8b44-0f4066203ac7", n);
  return buf;
}

// 100 primary volumes x 10 sessions x `bricks` pairs, cut from status_detail_checkpoint.xml: the real
// envelope, element names, value spellings and time formats.
std::string statusDocument(int sessions, int bricks) {
  const std::string capture = georep::testing::readFixture("status_detail_checkpoint.xml");
  const std::string volume = between(capture, "<volume>", "</volume>");
  const std::string pairTemplate = between(volume, "<pair>", "</pair>");
  const std::string keyTemplate = between(volume, "<session_secondary>", "</session_secondary>");
  const std::string head = capture.substr(0, capture.find("<volume>"));
  const std::string tail = capture.substr(capture.find("</volume>") + 9);

  std::string doc = head;
  const int perVolume = 10;
  for (int v = 0; v < sessions / perVolume; ++v) {
    doc += "<volume>\n      <name>pvol" + std::to_string(v) + "</name>\n      <sessions>\n";
    for (int s = 0; s < perVolume; ++s) {
      const std::string sec = "secvol" + std::to_string(v * perVolume + s);
      doc += "        <session>\n          " + replaceAll(keyTemplate, "slavevol", sec) + "\n";
      for (int b = 0; b < bricks; ++b) {
        std::string pair = replaceAll(pairTemplate, "/bricks/m1", "/bricks/pvol" + std::to_string(v) + "/b" +
                                                                       std::to_string(b));
        pair = replaceAll(pair, "slavevol", sec);
        pair = replaceAll(pair, "6661d41d-619e-467f-8b44-0f4066203ac7", uuid(b));
        doc += "          " + pair + "\n";
      }
      doc += "        </session>\n";
    }
    doc += "      </sessions>\n    </volume>";
  }
  return doc + tail;
}

// `volumes` volumes of 4 bricks (2 x 2 distributed-replicate), cut from volinfo.xml.
std::string volumeInfoDocument(int volumes) {
  const std::string capture = georep::testing::readFixture("volinfo.xml");
  const std::string volume = between(capture, "<volume>", "</volume>");
  const std::string brick = between(volume, "<brick ", "</brick>");
  const std::string head = capture.substr(0, capture.find("<volume>"));
  const std::string tail = capture.substr(capture.find("<count>"));
  std::string doc = head;
  for (int v = 0; v < volumes; ++v) {
    std::string bricks;
    for (int b = 0; b < 4; ++b) bricks += replaceAll(brick, "/bricks/m1", "/bricks/v" + std::to_string(v) + "_" + std::to_string(b));
    std::string vol = replaceAll(volume, "<name>mastervol</name>", "<name>vol" + std::to_string(v) + "</name>");
    const auto a = vol.find("<bricks>") + 8;
    const auto z = vol.find("</bricks>");
    vol.replace(a, z - a, bricks);
    doc += vol;
  }
  return doc + tail;
}

void BM_ParseStatus_1000x4(benchmark::State& state) {
  const std::string doc = statusDocument(1000, 4);
  const auto check = georep::gluster::parseStatus(doc);
  if (check.sessions.size() != 1000 || check.sessions[999].bricks.size() != 4) {
    state.SkipWithError("generated document does not parse to 1000 x 4");
    return;
  }
  for (auto _ : state) {
    auto report = georep::gluster::parseStatus(doc);
    benchmark::DoNotOptimize(report);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(doc.size()));
  state.counters["doc_MB"] = static_cast<double>(doc.size()) / 1e6;
}
BENCHMARK(BM_ParseStatus_1000x4)->Unit(benchmark::kMillisecond);

void BM_ParseVolumeInfo_250x4(benchmark::State& state) {
  const std::string doc = volumeInfoDocument(250);
  const auto check = georep::gluster::parseVolumeInfo(doc);
  if (check.size() != 250 || check[249].bricks.size() != 4) {
    state.SkipWithError("generated document does not parse to 250 x 4");
    return;
  }
  for (auto _ : state) {
    auto volumes = georep::gluster::parseVolumeInfo(doc);
    benchmark::DoNotOptimize(volumes);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(doc.size()));
  state.counters["doc_MB"] = static_cast<double>(doc.size()) / 1e6;
}
BENCHMARK(BM_ParseVolumeInfo_250x4)->Unit(benchmark::kMillisecond);

void BM_ParseConfigCapture(benchmark::State& state) {
  const std::string doc = georep::testing::readFixture("config.xml");
  for (auto _ : state) {
    auto config = georep::gluster::parseConfig(doc);
    benchmark::DoNotOptimize(config);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(doc.size()));
}
BENCHMARK(BM_ParseConfigCapture)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
