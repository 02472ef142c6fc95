// Unit tests of the pure parts of DR hooks and the root touch: the path chain whose ownership decides
// who controls an allow-listed program, the verdict on `stat` lines (the attacks: a group- or
// world-writable directory on the way, a user-owned file, a symlink, a directory instead of a file), and
// the webhook URL parser (ports, IPv6, query kept for the request, credentials refused).
#include <gtest/gtest.h>

#include "dr/jobs/dr_hooks_runner.h"
#include "dr/jobs/dr_node_steps.h"
#include "dr/jobs/webhook_client.h"

namespace georep::dr {
namespace {

TEST(PathChain, ListsEveryDirectoryAboveTheProgram) {
  EXPECT_EQ(pathChain("/usr/local/bin/x"),
            (std::vector<std::string>{"/", "/usr", "/usr/local", "/usr/local/bin", "/usr/local/bin/x"}));
  EXPECT_EQ(pathChain("/x"), (std::vector<std::string>{"/", "/x"}));
  EXPECT_EQ(pathChain("/a//b"), (std::vector<std::string>{"/", "/a", "/a//b"}));
}

const std::string kDir = "0 0 755 directory\n";

TEST(ProgramStat, RootOwnedAndNotWritableByOthersIsSafe) {
  EXPECT_EQ(programStatProblem("/usr/bin/x", kDir + kDir + kDir + "0 0 755 regular file\n"), "");
  // Group-writable by root's group is still root's.
  EXPECT_EQ(programStatProblem("/usr/bin/x", kDir + "0 0 775 directory\n" + kDir + "0 0 750 regular file\n"), "");
}

TEST(ProgramStat, RefusesWhatAnotherUserCouldChange) {
  EXPECT_EQ(programStatProblem("/tmp/x", kDir + "0 0 1777 directory\n0 0 755 regular file\n"),
            "/tmp is writable by others (mode 1777)");
  EXPECT_EQ(programStatProblem("/opt/x", kDir + "0 50 775 directory\n0 0 755 regular file\n"),
            "/opt is writable by group 50 (mode 775)");
  EXPECT_EQ(programStatProblem("/opt/x", kDir + kDir + "1000 1000 755 regular file\n"),
            "/opt/x is owned by uid 1000, not root");
  EXPECT_EQ(programStatProblem("/opt/x", kDir + kDir + "0 0 757 regular file\n"),
            "/opt/x is writable by others (mode 757)");
}

TEST(ProgramStat, RefusesLinksDirectoriesNonExecutablesAndShortAnswers) {
  EXPECT_EQ(programStatProblem("/bin/x", kDir + "0 0 777 symbolic link\n0 0 755 regular file\n"),
            "/bin is a symbolic link (name the real path in dr.hook_programs)");
  EXPECT_EQ(programStatProblem("/opt/x", kDir + kDir + "0 0 755 directory\n"), "/opt/x is a directory, not a regular file");
  EXPECT_EQ(programStatProblem("/opt/x", kDir + kDir + "0 0 644 regular file\n"),
            "/opt/x is not executable by its owner (mode 644)");
  EXPECT_EQ(programStatProblem("/opt/x", kDir + kDir), "stat gave no answer for /opt/x");
  EXPECT_NE(programStatProblem("/opt/x", kDir + "garbage\n" + kDir), "");
}

TEST(WebhookUrl, ParsesSchemesPortsAndTargets) {
  auto u = WebhookUrl::parse("https://hooks.example/freeze?vm=1#frag");
  EXPECT_TRUE(u.tls);
  EXPECT_EQ(u.host, "hooks.example");
  EXPECT_EQ(u.port, "443");
  EXPECT_EQ(u.target, "/freeze?vm=1");
  u = WebhookUrl::parse("http://10.0.0.5:8080");
  EXPECT_FALSE(u.tls);
  EXPECT_EQ(u.port, "8080");
  EXPECT_EQ(u.target, "/");
  u = WebhookUrl::parse("http://[::1]:81/x");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, "81");
  EXPECT_THROW(WebhookUrl::parse("ftp://h/"), WebhookError);
  EXPECT_THROW(WebhookUrl::parse("http://user:pw@h/"), WebhookError);
  EXPECT_THROW(WebhookUrl::parse("http://h:0/"), WebhookError);
  EXPECT_THROW(WebhookUrl::parse("http://h:99999/"), WebhookError);
  EXPECT_THROW(WebhookUrl::parse("http://:80/"), WebhookError);
}

TEST(WebhookUrl, MessagesLeaveTheQueryOut) {
  EXPECT_EQ(webhookUrlForMessages("https://h.example/p?token=secret"), "https://h.example:443/p");
  EXPECT_EQ(webhookUrlForMessages("http://[::1]:81/x?y"), "http://[::1]:81/x");
}

TEST(Webhook, AnUnreachablePortFailsFast) {
  // Port 1 on loopback: nothing listens (connection refused), well within the timeout.
  EXPECT_THROW(postWebhook("http://127.0.0.1:1/x", "{}", std::chrono::seconds(2)), WebhookError);
}

}  // namespace
}  // namespace georep::dr
