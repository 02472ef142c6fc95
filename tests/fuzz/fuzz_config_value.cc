// libFuzzer target: config key normalisation and typed value validation. Input: the first byte picks a
// catalog key, bytes up to the first NUL are also tried as a raw key, the rest is the value. Whatever is
// accepted must be safe to put on the gluster command line and into gsyncd's INI file.
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "gluster/config_keys.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace georep;
  if (size == 0) return 0;
  static const std::vector<std::string> keys = gluster::knownConfigKeys();
  const std::string& key = keys[data[0] % keys.size()];
  const std::string_view rest = fuzz::asText(data + 1, size - 1);

  const std::size_t nul = rest.find('\0');
  const std::string_view rawKey = rest.substr(0, nul);
  try {
    const std::string normalized = gluster::normalizeConfigKey(rawKey);
    fuzz::check(gluster::isKnownConfigKey(normalized));
    for (char c : normalized) fuzz::check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    fuzz::check(gluster::normalizeConfigKey(gluster::cliConfigKey(normalized)) == normalized);
  } catch (const gluster::GatewayError& e) {
    fuzz::check(e.kind() == gluster::ErrorKind::kInvalidInput || e.kind() == gluster::ErrorKind::kReservedOption);
    fuzz::check(e.field() == "key");
  }

  const std::string_view value = nul == std::string_view::npos ? rest : rest.substr(nul + 1);
  try {
    gluster::validateConfigValue(key, value);
    fuzz::check(!value.empty() && value.size() <= 4096);
    if (key != "rsync_options" && key != "rsync_ssh_options" && key != "ssh_options" && key != "ssh_options_tar") {
      fuzz::check(value.substr(0, 2) != "--");
    }
    for (char c : value) fuzz::check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
  } catch (const gluster::GatewayError& e) {
    fuzz::check(e.kind() == gluster::ErrorKind::kInvalidInput || e.kind() == gluster::ErrorKind::kReservedOption);
  }
  return 0;
}
