// GlusterFS answers for the eligibility reads of georep.session.create / georep.session.eligibility, built
// from the real 10.3 captures (../shared/fixtures/gluster-10.3 and tests/fixtures/gluster-10.3-lab): the
// master cluster c1 (node "vm", peer 6661d41d-...) and a registered secondary cluster "dr" (node "dr1",
// its own peer UUID) holding drbig (replica 2), drvol (one brick) and drstopped (one brick, stopped), the
// shared volinfo.xml renamed. Brick listings (find) answer "empty" unless a test says otherwise.
// Thread-safety: test-only free functions.
#pragma once

#include <cstdint>
#include <regex>
#include <string>
#include <vector>

#include "support/fake_transport.h"
#include "support/lab_captures.h"

namespace georep::testing {

inline constexpr const char* kMasterPeer = "6661d41d-619e-467f-8b44-0f4066203ac7";
inline constexpr const char* kDrPeer = "d4d4d4d4-0000-4000-8000-000000000001";
inline constexpr std::int64_t kMasterBrickBytes = 270553174016;  // the lab capture's brick size

// `volume status VOL detail` of `bricks` ("host:/path") all on `peer`, with these sizes; the lab capture's
// first brick is the template of each.
inline std::string detailXml(const std::string& volume, const std::vector<std::string>& bricks,
                             const std::string& peer, const std::vector<std::int64_t>& sizes) {
  const std::string capture = readLabCapture("volstatus_detail_labprimary.xml");
  const auto first = capture.find("<node>");
  const auto end = capture.find("</node>", first) + std::string("</node>").size();
  const auto last = capture.rfind("</node>") + std::string("</node>").size();
  const std::string node = capture.substr(first, end - first);
  std::string nodes;
  for (std::size_t i = 0; i < bricks.size(); ++i) {
    const auto colon = bricks[i].find(':');
    std::string n = std::regex_replace(node, std::regex("<hostname>vm</hostname>"),
                                       "<hostname>" + bricks[i].substr(0, colon) + "</hostname>");
    n = std::regex_replace(n, std::regex("<path>[^<]*</path>"), "<path>" + bricks[i].substr(colon + 1) + "</path>");
    n = std::regex_replace(n, std::regex("<peerid>[^<]*</peerid>"), "<peerid>" + peer + "</peerid>");
    n = std::regex_replace(n, std::regex("<sizeTotal>[^<]*</sizeTotal>"),
                           "<sizeTotal>" + std::to_string(sizes.at(i)) + "</sizeTotal>");
    nodes += (i ? "\n        " : "") + n;
  }
  std::string xml = capture.substr(0, first) + nodes + capture.substr(last);
  xml = std::regex_replace(xml, std::regex("<volName>labprimary</volName>"), "<volName>" + volume + "</volName>");
  return std::regex_replace(xml, std::regex("<nodeCount>2</nodeCount>"),
                            "<nodeCount>" + std::to_string(bricks.size()) + "</nodeCount>");
}

inline std::string poolListXml(const std::string& peer) {
  return std::regex_replace(readLabCapture("pool_list.xml"), std::regex("e2a3c6ce-a7d1-4cfc-af0b-fcdb9b8d4132"), peer);
}

inline std::string opVersionXml(std::int64_t opVersion) {
  return std::regex_replace(readLabCapture("op_version.xml"), std::regex("100000"), std::to_string(opVersion));
}

// volinfo.xml as the dr cluster's: mastervol -> drbig, slavevol -> drvol, slavevol2 -> drstopped (Stopped),
// on node dr1 with kDrPeer, new volume ids.
inline std::string drVolinfoXml() {
  std::string xml = readFixture("volinfo.xml");
  const std::vector<std::pair<std::string, std::string>> swaps{
      {"<name>mastervol</name>", "<name>drbig</name>"},
      {"<name>slavevol2</name>", "<name>drstopped</name>"},
      {"<name>slavevol</name>", "<name>drvol</name>"},
      {"vm:/bricks/", "dr1:/bricks/"},
      {kMasterPeer, kDrPeer},
      {"28731639-9bfa-453f-9f57-5525d32a9d86", "d0000000-0000-4000-8000-000000000001"},
      {"40f418a6-f1fd-4f38-b70f-001c1121d300", "d0000000-0000-4000-8000-000000000002"},
      {"ab65290b-0fe3-4bf4-9f55-fe4b882eec2a", "d0000000-0000-4000-8000-000000000003"}};
  for (const auto& [from, to] : swaps) xml = std::regex_replace(xml, std::regex(from), to);
  const std::string started = "<name>drstopped</name>\n        <id>d0000000-0000-4000-8000-000000000003</id>\n"
                              "        <status>1</status>\n        <statusStr>Started</statusStr>";
  const auto at = xml.find(started);
  if (at != std::string::npos) {
    xml.replace(at, started.size(), "<name>drstopped</name>\n        <id>d0000000-0000-4000-8000-000000000003</id>\n"
                                    "        <status>2</status>\n        <statusStr>Stopped</statusStr>");
  }
  return xml;
}

// The master side's reads on `vm` (c1): mastervol's detail (two lab-sized bricks), op-version, pool list.
inline void scriptMasterEligibility(FakeTransport& vm, std::int64_t opVersion = 100000) {
  vm.on({"volume", "status", "mastervol", "detail"},
        {0, detailXml("mastervol", {"vm:/bricks/m1", "vm:/bricks/m2"}, kMasterPeer, {kMasterBrickBytes, kMasterBrickBytes}), ""});
  vm.on({"volume", "get", "all", "cluster.op-version"}, {0, opVersionXml(opVersion), ""});
  vm.on({"pool", "list"}, {0, poolListXml(kMasterPeer), ""});
  vm.on({"find"}, {0, "", ""});
}

// The secondary volumes of c1 itself (the lab's layout: secondaries in the master's glusterd).
inline void scriptSameClusterSecondaries(FakeTransport& vm) {
  for (const char* v : {"slavevol", "slavevol2"}) {
    const std::string path = std::string("/bricks/") + (std::string(v) == "slavevol" ? "s1" : "s2");
    vm.on({"volume", "status", v, "detail"}, {0, detailXml(v, {"vm:" + path}, kMasterPeer, {kMasterBrickBytes}), ""});
  }
}

// The dr cluster's reads on dr1; drvol's brick holds `drvolBytes`.
inline void scriptDrCluster(FakeTransport& dr1, std::int64_t drvolBytes = kMasterBrickBytes,
                            std::int64_t opVersion = 100000) {
  dr1.on({"volume", "info"}, {0, drVolinfoXml(), ""});
  dr1.on({"volume", "status", "drvol", "detail"}, {0, detailXml("drvol", {"dr1:/bricks/s1"}, kDrPeer, {drvolBytes}), ""});
  dr1.on({"volume", "status", "drbig", "detail"},
         {0, detailXml("drbig", {"dr1:/bricks/m1", "dr1:/bricks/m2"}, kDrPeer, {2 * kMasterBrickBytes, 3 * kMasterBrickBytes}), ""});
  dr1.on({"volume", "get", "all", "cluster.op-version"}, {0, opVersionXml(opVersion), ""});
  dr1.on({"pool", "list"}, {0, poolListXml(kDrPeer), ""});
  dr1.on({"find"}, {0, "", ""});
}

}  // namespace georep::testing
