// Registration: a move-only RAII handle for anything a plugin registers with the engine (a command
// handler, a scheduled job). Destroying or reset()-ing it undoes the registration and, for jobs, waits
// for a running invocation to finish, so no plugin code runs after the handle is gone.
// Thread-safety: one handle is owned by one thread; reset() must not be called from inside the
// registered callback itself.
#pragma once

#include <functional>
#include <utility>

namespace georep::api {

class Registration {
 public:
  Registration() = default;
  explicit Registration(std::function<void()> release) : release_(std::move(release)) {}
  Registration(Registration&& other) noexcept : release_(std::exchange(other.release_, nullptr)) {}
  Registration& operator=(Registration&& other) noexcept {
    if (this != &other) {
      reset();
      release_ = std::exchange(other.release_, nullptr);
    }
    return *this;
  }
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;
  ~Registration() { reset(); }

  void reset() {
    if (auto release = std::exchange(release_, nullptr)) release();
  }
  bool active() const { return static_cast<bool>(release_); }

 private:
  std::function<void()> release_;
};

}  // namespace georep::api
