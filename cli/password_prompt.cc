#include "cli/password_prompt.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <istream>

namespace georep::cli {
namespace {

constexpr std::size_t kMaxPasswordBytes = 4096;

// Restores the terminal's mode (echo back on) however the read ends.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= static_cast<tcflag_t>(~(ECHO | ECHONL));
    quiet.c_lflag |= ICANON;
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

}  // namespace

std::optional<std::string> readPasswordFromTerminal(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  std::string password;
  bool gotLine = false;
  {
    const EchoOff quiet(fd);
    (void)!::write(fd, prompt.data(), prompt.size());
    char c = 0;
    while (password.size() <= kMaxPasswordBytes) {
      const ssize_t n = ::read(fd, &c, 1);
      if (n <= 0 || c == '\n' || c == '\r') {
        gotLine = n > 0;
        break;
      }
      password.push_back(c);
    }
    (void)!::write(fd, "\n", 1);
  }
  ::close(fd);
  if (!gotLine && password.empty()) return std::nullopt;
  return password;
}

std::optional<std::string> readPasswordLine(std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > kMaxPasswordBytes) line.resize(kMaxPasswordBytes);
  return line;
}

}  // namespace georep::cli
