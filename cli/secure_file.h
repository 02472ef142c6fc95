// Reading and checking files that hold secrets (the credentials file, --token-file): a file is
// accepted only when it is a regular file (not a symbolic link), owned by the effective user, and not
// readable or writable by group or others; a directory only when owned by the effective user and not
// writable by group or others. The checks are made on the opened descriptor (O_NOFOLLOW + fstat), so
// the file cannot be swapped between the check and the read.
// Thread-safety: free functions without shared state.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace georep::cli {

// The whole content, or nothing when the file does not exist. Throws CredentialsError (see
// credentials_store.h) saying what is wrong and how to fix it; `maxBytes` bounds what is read.
std::optional<std::string> readPrivateFile(const std::filesystem::path& file, std::size_t maxBytes);

// Throws CredentialsError when `dir` exists and is unsafe (see above).
void checkPrivateDirectory(const std::filesystem::path& dir);

}  // namespace georep::cli
