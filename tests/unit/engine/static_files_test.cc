// The web console's static file server (StaticFiles, StaticPath, staticContentType) against a real
// directory tree: what a browser gets (types, ETag/304, caching, HEAD, SPA fallback) and what an attacker
// tries (dot-dot plain and encoded, encoded slashes, NUL, backslashes, hidden files, symlinks out of the
// root, FIFOs, huge and deep paths, files another user could change). A secret file sits beside the root:
// no request may ever return its content.
#include "engine/src/http/static_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "engine/src/http/static_content_type.h"
#include "engine/src/http/static_path.h"

namespace georep::engine {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "TOP-SECRET-CONTENT";
constexpr const char* kIndexHtml = "<!doctype html><title>georep</title><script type=module src=/assets/app-1a2b.js></script>";

void writeFile(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

std::string header(const HttpReply& reply, const std::string& name) {
  for (const auto& [n, v] : reply.headers)
    if (n == name) return v;
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "georep-static-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    base_ = pattern;
    fs::permissions(base_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    writeFile(root_ / "index.html", kIndexHtml);
    writeFile(root_ / "assets" / "app-1a2b.js", "console.log('app')");
    writeFile(root_ / "assets" / "app-1a2b.css", "body{}");
    writeFile(root_ / "favicon.svg", "<svg/>");
    writeFile(root_ / ".env", kSecret);
    writeFile(base_ / "secret.txt", kSecret);
    fs::create_directories(base_ / "outside");
    writeFile(base_ / "outside" / "secret.js", kSecret);
  }
  void TearDown() override { fs::remove_all(base_); }

  StaticFiles files() const { return StaticFiles(root_, ::geteuid()); }

  // A request that must be refused or not found, and must never carry the secret.
  void expectNoSecret(const std::string& path, unsigned status) const {
    const HttpReply reply = files().serve("GET", path, "");
    EXPECT_EQ(reply.status, status) << path;
    EXPECT_EQ(reply.text.find(kSecret), std::string::npos) << path;
    EXPECT_EQ(reply.body.dump().find(kSecret), std::string::npos) << path;
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesIndexAtTheRootAsRevalidatedHtml) {
  const HttpReply reply = files().serve("GET", "/", "");
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.text, kIndexHtml);
  EXPECT_EQ(reply.contentType, "text/html; charset=utf-8");
  EXPECT_EQ(header(reply, "Cache-Control"), "no-cache");
  EXPECT_FALSE(header(reply, "ETag").empty());
  EXPECT_FALSE(reply.headOnly);
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableWithTheirType) {
  const HttpReply js = files().serve("GET", "/assets/app-1a2b.js", "");
  EXPECT_EQ(js.status, 200u);
  EXPECT_EQ(js.contentType, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(files().serve("GET", "/assets/app-1a2b.css", "").contentType, "text/css; charset=utf-8");
  EXPECT_EQ(files().serve("GET", "/favicon.svg", "").contentType, "image/svg+xml");
}

TEST_F(StaticFilesTest, MatchingIfNoneMatchIs304WithoutBodyAndAChangedFileIsNot) {
  const std::string etag = header(files().serve("GET", "/assets/app-1a2b.js", ""), "ETag");
  const HttpReply cached = files().serve("GET", "/assets/app-1a2b.js", "\"other\", " + etag);
  EXPECT_EQ(cached.status, 304u);
  EXPECT_TRUE(cached.noBody);
  EXPECT_TRUE(cached.text.empty());
  EXPECT_EQ(files().serve("GET", "/assets/app-1a2b.js", "W/" + etag).status, 304u);
  writeFile(root_ / "assets" / "app-1a2b.js", "console.log('changed, longer')");
  EXPECT_EQ(files().serve("GET", "/assets/app-1a2b.js", etag).status, 200u);
}

TEST_F(StaticFilesTest, HeadGivesTheLengthWithoutSendingTheFile) {
  const HttpReply reply = files().serve("HEAD", "/index.html", "");
  EXPECT_EQ(reply.status, 200u);
  EXPECT_TRUE(reply.headOnly);
  EXPECT_EQ(reply.text.size(), std::string(kIndexHtml).size());  // the session sends only its length
}

TEST_F(StaticFilesTest, OnlyGetAndHead) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"}) {
    const HttpReply reply = files().serve(method, "/index.html", "");
    EXPECT_EQ(reply.status, 405u) << method;
    EXPECT_EQ(reply.allow, "GET, HEAD") << method;
    EXPECT_TRUE(reply.text.empty()) << method;
  }
}

TEST_F(StaticFilesTest, UnknownRoutesGetTheAppButUnknownFilesAre404) {
  const HttpReply route = files().serve("GET", "/sessions/lab/12", "");
  EXPECT_EQ(route.status, 200u);
  EXPECT_EQ(route.text, kIndexHtml);
  EXPECT_EQ(header(route, "Cache-Control"), "no-cache");
  EXPECT_EQ(files().serve("GET", "/assets/missing-123.js", "").status, 404u);
  EXPECT_EQ(files().serve("GET", "/assets/newpage", "").status, 404u);
  EXPECT_EQ(files().serve("GET", "/missing.png", "").status, 404u);
}

TEST_F(StaticFilesTest, DotDotInAnySpellingIsRefused) {
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                           "/.%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/..", "/assets/..",
                           "/%252e%252e/secret.txt"}) {
    const HttpReply reply = files().serve("GET", path, "");
    EXPECT_TRUE(reply.status == 400u || reply.status == 404u) << path << " " << reply.status;
    EXPECT_EQ(reply.text.find(kSecret), std::string::npos) << path;
  }
  expectNoSecret("/../secret.txt", 400);
  expectNoSecret("/%2e%2e/secret.txt", 400);
}

TEST_F(StaticFilesTest, EncodedSeparatorsNulAndBackslashesAreRefused) {
  expectNoSecret("/..%2fsecret.txt", 400);
  expectNoSecret("/assets%2f..%2f..%2fsecret.txt", 400);
  expectNoSecret("/assets%5c..%5c..%5csecret.txt", 400);
  expectNoSecret("/..\\secret.txt", 400);
  expectNoSecret("/index.html%00.js", 400);
  expectNoSecret(std::string("/index.html\0.js", 15), 400);
  expectNoSecret("/index.html%0a", 400);
  expectNoSecret("/%zz", 400);
  expectNoSecret("/%2", 400);
  expectNoSecret("/.env", 400);
  expectNoSecret("/%2eenv", 400);
}

TEST_F(StaticFilesTest, SymlinksAreNeverFollowed) {
  fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "link-1a2b.js");
  fs::create_directory_symlink(base_ / "outside", root_ / "outside");
  fs::create_symlink("../../secret.txt", root_ / "assets" / "relative.js");
  expectNoSecret("/assets/link-1a2b.js", 404);
  expectNoSecret("/outside/secret.js", 404);
  expectNoSecret("/assets/relative.js", 404);
  // A symlink to a file inside the root is not followed either (no symlink is).
  fs::create_symlink(root_ / "index.html", root_ / "alias.html");
  EXPECT_EQ(files().serve("GET", "/alias.html", "").status, 404u);
}

TEST_F(StaticFilesTest, HugeAndDeepPathsAreRefusedBeforeTheFileSystem) {
  expectNoSecret("/" + std::string(100000, 'a'), 414);
  expectNoSecret("/" + std::string(StaticPath::kMaxPathBytes, 'a'), 414);
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "/d";
  expectNoSecret(deep, 400);
  expectNoSecret("/" + std::string(300, 'a') + "/x.js", 400);
}

TEST_F(StaticFilesTest, FifosAndDirectoriesAreNotServed) {
  ASSERT_EQ(::mkfifo((root_ / "pipe.js").c_str(), 0644), 0);
  EXPECT_EQ(files().serve("GET", "/pipe.js", "").status, 404u);  // and does not block
  EXPECT_EQ(files().serve("GET", "/assets/", "").text, kIndexHtml);  // a directory is never listed
}

TEST_F(StaticFilesTest, AFileOrDirectoryAnotherUserCouldChangeIsRefused) {
  fs::permissions(root_ / "assets" / "app-1a2b.js", fs::perms::others_write, fs::perm_options::add);
  EXPECT_EQ(files().serve("GET", "/assets/app-1a2b.js", "").status, 403u);
  fs::permissions(root_ / "assets" / "app-1a2b.js", fs::perms::others_write, fs::perm_options::remove);
  fs::permissions(root_ / "assets", fs::perms::group_write, fs::perm_options::add);
  EXPECT_EQ(files().serve("GET", "/assets/app-1a2b.js", "").status, 403u);
  if (::geteuid() == 0) {
    fs::permissions(root_ / "assets", fs::perms::group_write, fs::perm_options::remove);
    ASSERT_EQ(::chown((root_ / "favicon.svg").c_str(), 12345, 12345), 0);
    EXPECT_EQ(files().serve("GET", "/favicon.svg", "").status, 403u);
  }
}

TEST_F(StaticFilesTest, TheRootMustHoldIndexAndBeTrusted) {
  EXPECT_THROW(StaticFiles(base_ / "nowhere", ::geteuid()), std::runtime_error);
  EXPECT_THROW(StaticFiles(base_ / "outside", ::geteuid()), std::runtime_error);  // no index.html
  fs::permissions(root_, fs::perms::others_write, fs::perm_options::add);
  EXPECT_THROW(StaticFiles(root_, ::geteuid()), std::runtime_error);
  fs::permissions(root_, fs::perms::others_write, fs::perm_options::remove);
  fs::permissions(base_, fs::perms::others_write, fs::perm_options::add);  // a parent others could rename in
  EXPECT_THROW(StaticFiles(root_, ::geteuid()), std::runtime_error);
  fs::permissions(base_, fs::perms::others_write, fs::perm_options::remove);
  EXPECT_NO_THROW(StaticFiles(root_, ::geteuid()));
}

TEST(StaticPathTest, SplitsDecodesAndDropsEmptyAndDotSegments) {
  const StaticPath path = StaticPath::parse("//assets/./a%20b.js");
  ASSERT_TRUE(path.ok()) << path.reason();
  EXPECT_EQ(path.segments, (std::vector<std::string>{"assets", "a b.js"}));
  EXPECT_TRUE(StaticPath::parse("/").segments.empty());
  EXPECT_FALSE(StaticPath::parse("relative").ok());
  EXPECT_EQ(StaticPath::parse("/a%2Fb").refusal, StaticPath::Refusal::kEncodedSeparator);
  EXPECT_EQ(StaticPath::parse("/%2e%2e").refusal, StaticPath::Refusal::kDotSegment);
}

TEST(StaticContentTypeTest, KnownExtensionsAndASafeDefault) {
  EXPECT_EQ(staticContentType("index.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(staticContentType("font.woff2"), "font/woff2");
  EXPECT_EQ(staticContentType("x.exe"), "application/octet-stream");
  EXPECT_EQ(staticContentType("noextension"), "application/octet-stream");
}

}  // namespace
}  // namespace georep::engine
