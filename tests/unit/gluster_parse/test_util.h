// Helpers for the gluster parser tests: capture the GatewayError a call throws.
// Thread-safety: test-only free functions.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "gluster/errors.h"

namespace georep::gluster::test {

// The GatewayError `f` throws; a test failure (and kind kRefused with message "none") if it throws none.
inline GatewayError errorOf(const std::function<void()>& f, const std::string& context = {}) {
  try {
    f();
  } catch (const GatewayError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a GatewayError: " << context;
  return GatewayError(ErrorKind::kRefused, "none");
}

}  // namespace georep::gluster::test
