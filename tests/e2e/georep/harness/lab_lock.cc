#include "harness/lab_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace georep::testing::e2e {
namespace {

std::string readHolder(int fd) {
  char buf[256] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string s = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("unknown");
  while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) s.pop_back();
  return s;
}

}  // namespace

LabLock::LabLock(const std::string& holder, std::chrono::seconds timeout, const std::string& path) {
  const char* file = path.c_str();
  fd_ = ::open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(std::string("cannot open ") + file + ": " + std::strerror(errno));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool told = false;
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const std::string message = std::string("flock ") + file + ": " + std::strerror(errno);
      ::close(fd_);
      throw std::runtime_error(message);
    }
    if (!told) {
      std::cerr << "[ e2e ] the GlusterFS lab is in use by another e2e test (" << readHolder(fd_) << "); waiting up to "
                << timeout.count() << " s\n";
      told = true;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      const std::string message = "the GlusterFS lab stayed in use by another e2e test (" + readHolder(fd_) +
                                  ") for " + std::to_string(timeout.count()) + " s";
      ::close(fd_);
      throw std::runtime_error(message);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  const std::string text = "pid " + std::to_string(::getpid()) + ", " + holder + "\n";
  if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, text.data(), text.size(), 0);
}

LabLock::~LabLock() {
  if (fd_ < 0) return;
  (void)!::ftruncate(fd_, 0);
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

}  // namespace georep::testing::e2e
