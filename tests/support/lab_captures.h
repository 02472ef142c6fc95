// The real GlusterFS 10.3 answers captured on the georep lab for the eligibility checks
// (tests/fixtures/gluster-10.3-lab, see its README.md), and builders of the layouts the lab cannot show
// (distribute, distributed-replicate, disperse, arbiter) derived from them.
// Thread-safety: test-only free functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "gluster/model.h"
#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"

namespace georep::testing {

inline std::filesystem::path labCapturesDir() {
  return std::filesystem::path(GEOREP_SOURCE_DIR) / "tests" / "fixtures" / "gluster-10.3-lab";
}

inline std::string readLabCapture(const std::string& name) { return readCaptureFile(labCapturesDir() / name); }

// One volume of volinfo_lab.xml ("labprimary", "labsecondary1", "labsecondary2").
inline gluster::VolumeInfo labVolume(const std::string& name) {
  for (auto& v : gluster::parseVolumeInfo(readLabCapture("volinfo_lab.xml"))) {
    if (v.name == name) return v;
  }
  throw std::runtime_error("no volume " + name + " in volinfo_lab.xml");
}

// The status detail of labprimary (two online bricks of one replica set, 270553174016 bytes each).
inline gluster::VolumeStatus labPrimaryDetail() {
  return gluster::parseVolumeStatus(readLabCapture("volstatus_detail_labprimary.xml")).at(0);
}

// labprimary's layout re-shaped: `sizes.size()` bricks (paths .../b0, .../b1, ...) grouped `width` per set,
// with these filesystem sizes; the first captured brick is the template of every brick.
inline void reshape(gluster::VolumeInfo& info, gluster::VolumeStatus& detail, const std::vector<std::int64_t>& sizes) {
  const gluster::Brick brick = info.bricks.at(0);
  const gluster::BrickProcessStatus process = detail.bricks.at(0);
  info.bricks.clear();
  detail.bricks.clear();
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    gluster::Brick b = brick;
    b.path = brick.path + "-b" + std::to_string(i);
    info.bricks.push_back(b);
    gluster::BrickProcessStatus p = process;
    p.path = b.path;
    p.sizeTotal = sizes[i];
    detail.bricks.push_back(p);
  }
  info.brickCount = static_cast<int>(sizes.size());
}

}  // namespace georep::testing
