// The ssh/rsync/glusterfs-mount option allow-lists (gluster/option_list_check.h), through the config key
// catalog as georep.config.set reaches them: every spelling of an option that picks a program, a config
// file, a key, a log/socket file or a command is refused (field "value", the key and option named); the
// options gsyncd's defaults and the lab use still pass.
#include <gtest/gtest.h>

#include <string>

#include "gluster/config_keys.h"
#include "gluster/errors.h"
#include "gluster/option_list_check.h"
#include "test_util.h"

namespace georep::gluster {
namespace {

using test::errorOf;

void expectRefused(const char* key, const std::string& value) {
  const GatewayError e = errorOf([&] { validateConfigValue(key, value); }, std::string(key) + "=" + value);
  EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput) << key << "=" << value;
  EXPECT_EQ(e.field(), "value") << key << "=" << value;
  EXPECT_NE(std::string(e.what()).find(std::string("config ") + key), std::string::npos) << e.what();
}

void expectAccepted(const char* key, const std::string& value) {
  EXPECT_NO_THROW(validateConfigValue(key, value)) << key << "=" << value;
}

constexpr const char* kSshKeys[] = {"ssh_options", "ssh_options_tar", "rsync_ssh_options"};

TEST(OptionListCheck, SshOptionsThatPickAFileKeyOrCommandAreRefusedInEverySpelling) {
  const char* refused[] = {
      "-F /tmp/cfg", "-F/tmp/cfg", "-qF/tmp/cfg", "-vF /tmp/cfg",                          // config file
      "-i /root/.ssh/id_rsa", "-i/etc/shadow", "-qi/etc/shadow", "-i /tmp/secret.pem",     // key files
      "-i /var/lib/glusterd/geo-replication/../../../../etc/shadow",
      "-oProxyCommand=sh", "-o ProxyCommand=sh", "-oproxycommand=sh", "-OProxyCommand=sh", "-qoProxyCommand=sh",
      "-o ProxyCommand sh", "-o", "-oLocalCommand=id", "-oPermitLocalCommand=yes", "-oKnownHostsCommand=id",
      "-oIdentityFile=/etc/shadow", "-oCertificateFile=/x", "-oUserKnownHostsFile=/x", "-oGlobalKnownHostsFile=/x",
      "-oControlPath=/tmp/s", "-oControlMaster=yes", "-oIdentityAgent=/tmp/a", "-oPKCS11Provider=/tmp/x.so",
      "-oSecurityKeyProvider=/tmp/x.so", "-oInclude=/tmp/cfg", "-oXAuthLocation=/tmp/x", "-oRemoteCommand=id",
      "-oForwardAgent=yes", "-oLocalForward=1:h:2", "-oProxyJump=h", "-oHostbasedAuthentication=yes",
      "-oSendEnv=LD_PRELOAD", "-oStrictHostKeyChecking=$(id)", "-oLogLevel=/x",
      "-E /tmp/log", "-S /tmp/sock", "-I /tmp/pkcs.so", "-J evil", "-L 1:h:2", "-R 1:h:2", "-D 1080", "-W h:1",
      "-w 0", "-M", "-O exit", "-A", "-X", "-Y", "-G", "-N",
      "evil.example.com", "--", "-- id", "-p 22 evil id", "-p", "-p 0", "-lroot;id",
      "-oPort=22\xc2\xa0-oProxyCommand=sh",  // a non-ASCII space that Python's split() would split on
      "'-oProxyCommand=sh'", "\"-oProxyCommand=sh\"", "-o\\ProxyCommand=sh"};
  for (const char* key : kSshKeys) {
    for (const char* value : refused) expectRefused(key, value);
  }
}

TEST(OptionListCheck, HarmlessSshOptionsAndGsyncdDefaultsPass) {
  const char* accepted[] = {
      "-oPasswordAuthentication=no -oStrictHostKeyChecking=no -i /var/lib/glusterd/geo-replication/secret.pem",
      "-oPasswordAuthentication=no -oStrictHostKeyChecking=no -i /var/lib/glusterd/geo-replication/tar_ssh.pem",
      "-i/var/lib/glusterd/geo-replication/secret.pem", "-4 -C -q", "-vvv", "-o ConnectTimeout=10",
      "-oServerAliveInterval=15 -oServerAliveCountMax=3", "-c aes256-gcm@openssh.com -m hmac-sha2-256",
      "-p 2222", "-l geoaccount", "-oKexAlgorithms=+diffie-hellman-group14-sha1", "-oBatchMode=yes",
      "-T -x -oCompression=yes", "-oLogLevel=ERROR", "-oStrictHostKeyChecking=accept-new"};
  for (const char* key : kSshKeys) {
    for (const char* value : accepted) expectAccepted(key, value);
  }
}

TEST(OptionListCheck, RsyncOptionsThatPickAProgramOrFileAreRefusedInEverySpelling) {
  const char* refused[] = {
      "-e sh", "-e", "-esh", "-ave sh", "-avesh", "-zve", "--rsh=sh", "--rsh sh", "--rsh", "-a --rsh=ssh",
      "--rsync-path=sh", "--rsync-path sh", "--rsync-path=sudo", "-M--rsync-path=sh", "-M--rsh=sh", "-M-e",
      "--remote-option=--rsync-path=sh", "--remote-option=-e", "--remote-option=--log-file=x",
      "--remote-option=--remote-option=--insecure-links", "--RSH=sh", "--rs=sh", "--rsync-pat=sh",
      "--log-file=x", "--log-file", "--files-from=x", "--exclude-from=x", "--include-from=x", "--filter=merge.x",
      "-f", "-F", "-FF", "--temp-dir=x", "-T", "-Tx", "--partial-dir=x", "--backup-dir=x", "--compare-dest=x",
      "--copy-dest=x", "--link-dest=x", "--password-file=x", "--write-batch=x", "--only-write-batch=x",
      "--read-batch=x", "--early-input=x", "--write-devices", "--copy-devices", "--daemon", "--config=x",
      "--server", "--sender", "--cvs-exclude", "-C", "--log-file=/etc/x", "--files-from=/etc/shadow",
      "/etc/shadow", "x", "--", "-- /etc/shadow", "-a /etc/shadow", "--bwlimit", "--bwlimit 100",
      "--bwlimit=abc", "--bwlimit=/x", "--timeout=1;id", "--chmod=$(id)", "-B", "-B /x", "--inplace=yes",
      "--no-rsh", "--xml", "-n"};
  for (const char* value : refused) expectRefused("rsync_options", value);
}

TEST(OptionListCheck, HarmlessRsyncOptionsAndTheLabsOptionPass) {
  const char* accepted[] = {
      "--remote-option=--insecure-links", "-M--insecure-links", "-a --bwlimit=1000", "--bwlimit=1.5M", "-z",
      "--compress --compress-level=6", "--timeout=300 --contimeout=30", "-avz --inplace", "--no-whole-file",
      "--whole-file", "--sparse", "--acls --xattrs", "--numeric-ids", "--info=progress2", "--outbuf=L",
      "--checksum-choice=xxh64", "-B8192", "--chmod=D755,F644", "--ipv4", "--max-size=1G", "--no-motd"};
  for (const char* value : accepted) expectAccepted("rsync_options", value);
}

TEST(OptionListCheck, GlusterMountParamsRefuseFilesVolfilesAndTranslators) {
  for (const char* key : {"gluster_params", "secondary_gluster_params"}) {
    for (const char* value : {"log-file=/etc/x", "aux-gfid-mount log-file=/etc/x", "volfile=/tmp/x.vol",
                              "volfile-server=evil", "volfile-id=x", "xlator-option=x.y=z", "client-pid=-2",
                              "dump-fuse=/tmp/x", "socket-file=/tmp/s", "pid-file=/tmp/p", "log-level=/x",
                              "entry-timeout=abc", "acl=1", "caf\xc3\xa9", "/tmp/x"}) {
      expectRefused(key, value);
    }
    for (const char* value : {"aux-gfid-mount acl", "aux-gfid-mount", "aux-gfid-mount acl selinux",
                              "aux-gfid-mount log-level=DEBUG", "aux-gfid-mount entry-timeout=0.5",
                              "aux-gfid-mount direct-io-mode=disable use-readdirp=no"}) {
      expectAccepted(key, value);
    }
  }
}

TEST(OptionListCheck, DirectCallsNameTheOption) {
  const GatewayError e = errorOf([] { checkRsyncOptionList("rsync_options", "-a --rsync-path=/tmp/x"); });
  EXPECT_NE(std::string(e.what()).find("--rsync-path=/tmp/x"), std::string::npos) << e.what();
  const GatewayError f = errorOf([] { checkSshOptionList("ssh_options", "-q -F /tmp/cfg"); });
  EXPECT_NE(std::string(f.what()).find("-F"), std::string::npos) << f.what();
  EXPECT_NE(std::string(f.what()).find("configuration file"), std::string::npos) << f.what();
}

}  // namespace
}  // namespace georep::gluster
