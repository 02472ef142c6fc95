#include "gluster/brick_entries.h"

#include <string_view>

#include "gluster/errors.h"
#include "gluster/input_validation.h"

namespace georep::gluster {
namespace {

constexpr std::size_t kMaxBrickPath = 4096;

bool allowedChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
         c == '_' || c == '-' || c == '+' || c == '@' || c == ':' || c == ',' || c == '=';
}

void validateBrickPath(const std::string& path) {
  const auto refuse = [&](const std::string& why) {
    throw GatewayError(ErrorKind::kInvalidInput, "brick path " + printableValue(path, 200) + " " + why, 0, 0,
                       "brick_path");
  };
  if (path.empty() || path.front() != '/') refuse("is not absolute");
  if (path.size() > kMaxBrickPath) refuse("is too long");
  for (char c : path) {
    if (!allowedChar(c)) refuse("holds a character georep does not pass to find");
  }
  std::string_view rest(path);
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    if (part == "..") refuse("holds a '..' component");
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
}

std::string trimmedLine(const std::string& text) {
  const auto end = text.find('\n');
  return text.substr(0, end);
}

}  // namespace

std::vector<std::string> brickEntriesArgv(const std::string& brickPath) {
  validateBrickPath(brickPath);
  // "-P": never follow symbolic links, the brick path included. The path is the only variable word and
  // it starts with '/', so find cannot read it as an option or an expression.
  return {"find", "-P", brickPath, "-mindepth", "1", "-maxdepth", "1",
          "!", "-name", ".glusterfs", "!", "-name", ".trashcan", "!", "-name", ".glusterfs-anonymous-inode-*",
          "-print", "-quit"};
}

std::optional<std::string> firstBrickEntry(Transport& transport, const std::string& brickPath,
                                           std::chrono::milliseconds timeout) {
  const ExecResult r = transport.run(brickEntriesArgv(brickPath), timeout);
  if (r.exitStatus != 0) {
    throw GatewayError(ErrorKind::kRefused, "find on brick " + printableValue(brickPath, 200) + " failed (exit " +
                                                std::to_string(r.exitStatus) + "): " +
                                                printableValue(trimmedLine(r.err), 200));
  }
  const std::string first = trimmedLine(r.out);
  if (first.empty()) return std::nullopt;
  return first;
}

}  // namespace georep::gluster
