// argv_echo: a test program for the transports. Prints every argument after the options below to
// stdout, each followed by a NUL byte, so tests can compare what arrived with what was sent.
//   --stderr TEXT   also write TEXT to stderr
//   --bytes N       write N bytes of 'x' to stdout after the arguments
//   --err-bytes N   write N bytes of 'e' to stderr (after the stdout bytes)
//   --sleep SECONDS sleep before exiting (fractions allowed)
//   --exit N        exit with status N
//   --            end of options (everything after it is echoed)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  int exitStatus = 0;
  double sleepSeconds = 0;
  long bytes = 0;
  long errBytes = 0;
  std::string err;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string opt = argv[i];
    if (opt == "--" ) { ++i; break; }
    if (i + 1 >= argc) break;
    if (opt == "--stderr") err = argv[++i];
    else if (opt == "--bytes") bytes = std::atol(argv[++i]);
    else if (opt == "--err-bytes") errBytes = std::atol(argv[++i]);
    else if (opt == "--sleep") sleepSeconds = std::atof(argv[++i]);
    else if (opt == "--exit") exitStatus = std::atoi(argv[++i]);
    else break;
  }
  for (; i < argc; ++i) std::fwrite(argv[i], 1, std::strlen(argv[i]) + 1, stdout);
  std::string chunk(65536, 'x');
  while (bytes > 0) {
    const long n = bytes < static_cast<long>(chunk.size()) ? bytes : static_cast<long>(chunk.size());
    std::fwrite(chunk.data(), 1, static_cast<std::size_t>(n), stdout);
    bytes -= n;
  }
  std::fflush(stdout);
  const std::string errChunk(65536, 'e');
  while (errBytes > 0) {
    const long n = errBytes < static_cast<long>(errChunk.size()) ? errBytes : static_cast<long>(errChunk.size());
    std::fwrite(errChunk.data(), 1, static_cast<std::size_t>(n), stderr);
    errBytes -= n;
  }
  if (!err.empty()) {
    std::fputs(err.c_str(), stderr);
    std::fflush(stderr);
  }
  if (sleepSeconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(sleepSeconds));
  return exitStatus;
}
