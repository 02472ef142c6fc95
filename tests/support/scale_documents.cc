#include "support/scale_documents.h"

#include <cstdio>

#include "support/capture_edit.h"
#include "support/fake_transport.h"

namespace georep::testing {
namespace {

constexpr int kVolumes = kScaleVolumes;
constexpr int kSessionsPerVolume = kScaleSessionsPerVolume;
constexpr int kBricks = kScaleBricks;

std::string uuid(unsigned n, const char* tail) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%08x-%s", n, tail);
  return buf;
}
std::string nodeUuid(int b) { return uuid(static_cast<unsigned>(0x6661d400 + b), "619e-467f-8b44-0f4066203ac7"); }
std::string volumeUuid(int v) { return uuid(static_cast<unsigned>(0x28731600 + v), "9bfa-453f-9f57-5525d32a9d86"); }
std::string secondaryUuid(int n) { return uuid(static_cast<unsigned>(0x40f41800 + n), "f1fd-4f38-b70f-001c1121d300"); }
std::string brickPath(int v, int b) { return "/bricks/pvol" + std::to_string(v) + "/b" + std::to_string(b); }

}  // namespace

// volume info: kVolumes volumes of 4 bricks, cut from volinfo.xml.
std::string scaleVolumeInfoDocument() {
  const std::string capture = readFixture("volinfo.xml");
  const std::string volume = between(capture, "<volume>", "</volume>");
  const std::string brick = between(volume, "<brick ", "</brick>");
  const std::string head = capture.substr(0, capture.find("<volume>"));
  const std::string tail = capture.substr(capture.find("<count>"));
  std::string doc = head;
  for (int v = 0; v < kVolumes; ++v) {
    std::string bricks;
    for (int b = 0; b < kBricks; ++b) {
      std::string x = replaceAll(brick, "vm:/bricks/m1", "n" + std::to_string(b) + ":" + brickPath(v, b));
      bricks += replaceAll(x, "6661d41d-619e-467f-8b44-0f4066203ac7", nodeUuid(b));
    }
    std::string vol = replaceAll(volume, "<name>mastervol</name>", "<name>pvol" + std::to_string(v) + "</name>");
    vol = replaceAll(vol, "28731639-9bfa-453f-9f57-5525d32a9d86", volumeUuid(v));
    vol = replaceAll(vol, "<brickCount>2</brickCount>", "<brickCount>4</brickCount>");
    vol = replaceAll(vol, "<distCount>1</distCount>", "<distCount>2</distCount>");
    vol = replaceAll(vol, "<typeStr>Replicate</typeStr>", "<typeStr>Distributed-Replicate</typeStr>");
    const auto a = vol.find("<bricks>") + 8;
    const auto z = vol.find("</bricks>");
    vol.replace(a, z - a, bricks);
    doc += vol;
  }
  return replaceAll(doc + tail, "<count>3</count>", "<count>" + std::to_string(kVolumes) + "</count>");
}

// status of every session; `flip` swaps Active/Passive of every worker and moves last_synced.
std::string scaleStatusDocument(bool flip) {
  const std::string capture = readFixture("status_detail_checkpoint.xml");
  const std::string volume = between(capture, "<volume>", "</volume>");
  const std::string pairTemplate = between(volume, "<pair>", "</pair>");
  const std::string head = capture.substr(0, capture.find("<volume>"));
  const std::string tail = capture.substr(capture.find("</volume>") + 9);
  std::string doc = head;
  for (int v = 0; v < kVolumes; ++v) {
    doc += "<volume>\n      <name>pvol" + std::to_string(v) + "</name>\n      <sessions>\n";
    for (int s = 0; s < kSessionsPerVolume; ++s) {
      const int n = v * kSessionsPerVolume + s;
      const std::string sec = "secvol" + std::to_string(n);
      doc += "        <session>\n          <session_secondary>" + nodeUuid(0) + ":ssh://sec::" + sec + ":" +
             secondaryUuid(n) + "</session_secondary>\n";
      for (int b = 0; b < kBricks; ++b) {
        std::string pair = replaceAll(pairTemplate, "<primary_node>vm</primary_node>",
                                      "<primary_node>n" + std::to_string(b) + "</primary_node>");
        pair = replaceAll(pair, "/bricks/m1", brickPath(v, b));
        pair = replaceAll(pair, "6661d41d-619e-467f-8b44-0f4066203ac7", nodeUuid(b));
        pair = replaceAll(pair, "vm::slavevol", "sec::" + sec);
        const bool active = (b % 2 == 0) != flip;
        pair = replaceAll(pair, "<status>Active</status>", active ? "<status>Active</status>" : "<status>Passive</status>");
        pair = replaceAll(pair, "2026-11-21 11:58:27", flip ? "2026-11-21 12:30:00" : "2026-11-21 12:00:00");
        doc += "          " + pair + "\n";
      }
      doc += "        </session>\n";
    }
    doc += "      </sessions>\n    </volume>";
  }
  return doc + tail;
}

}  // namespace georep::testing
