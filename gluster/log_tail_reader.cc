// Reading the end of a gsyncd log (gluster/log_tail_reader.h).
#include "gluster/log_tail_reader.h"

#include "gluster/errors.h"
#include "gluster/input_validation.h"

namespace georep::gluster {
namespace {

constexpr std::string_view kLogRoot = "/var/log/glusterfs/";
constexpr std::string_view kGeoRepDirPrefix = "geo-replication";

bool allowedChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || c == '+' || c == '@' || c == ':';
}

}  // namespace

std::optional<std::string> gsyncdLogPathProblem(std::string_view path) {
  if (path.empty()) return "no log path";
  if (path.size() > kMaxLogPathLength) return "longer than " + std::to_string(kMaxLogPathLength) + " bytes";
  if (path.substr(0, kLogRoot.size()) != kLogRoot) return "not under /var/log/glusterfs/geo-replication*/";
  std::string_view rest = path.substr(kLogRoot.size());
  std::size_t index = 0;
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view component = rest.substr(0, slash);
    if (component.empty()) return "empty path component";
    if (component == "." || component == "..") return "'.' or '..' component";
    for (char c : component) {
      if (!allowedChar(c)) return "character outside [A-Za-z0-9._+@:-]";
    }
    if (index == 0 && component.substr(0, kGeoRepDirPrefix.size()) != kGeoRepDirPrefix) {
      return "not under /var/log/glusterfs/geo-replication*/";
    }
    if (slash == std::string_view::npos) {
      if (index == 0) return "a directory, not a log file";
      if (component.size() < 5 || component.substr(component.size() - 4) != ".log") return "not a .log file";
      return std::nullopt;
    }
    rest = rest.substr(slash + 1);
    ++index;
  }
}

std::vector<std::string> logTailArgv(std::string_view path, std::size_t bytes) {
  if (const auto problem = gsyncdLogPathProblem(path)) {
    throw GatewayError(ErrorKind::kInvalidInput,
                       "log path " + printableValue(path) + " refused: " + *problem, 0, 0, "log_file");
  }
  if (bytes == 0 || bytes > kMaxLogTailBytes) {
    throw GatewayError(ErrorKind::kInvalidInput,
                       "log tail size must be 1.." + std::to_string(kMaxLogTailBytes) + " bytes", 0, 0, "bytes");
  }
  return {"tail", "-c", std::to_string(bytes), "--", std::string(path)};
}

LogTail readLogTail(Transport& transport, std::string_view path, std::size_t bytes, std::chrono::milliseconds timeout) {
  const std::vector<std::string> argv = logTailArgv(path, bytes);
  ExecResult result = transport.run(argv, timeout);
  if (result.exitStatus != 0) {
    throw GatewayError(ErrorKind::kExecFailed, "tail of " + printableValue(path) + " exited " +
                                                   std::to_string(result.exitStatus) + ": " +
                                                   printableValue(result.err, 200));
  }
  if (result.out.size() > bytes) result.out.erase(0, result.out.size() - bytes);
  return LogTail{std::move(result.out)};
}

}  // namespace georep::gluster
