// How results, command lists, events and errors look in georepctl's default (table) output.
#include "cli/result_renderer.h"

#include <gtest/gtest.h>

namespace georep::cli {
namespace {

using nlohmann::json;

TEST(ResultRenderer, AListResultBecomesATable) {
  const json result = json::parse(R"({"clusters":[
      {"id":1,"name":"prod","gluster_command":"gluster","transport":"ssh","hosts":3},
      {"id":2,"name":"dr","gluster_command":"/usr/sbin/gluster","transport":"local","hosts":0}]})");
  EXPECT_EQ(renderResult(result),
            "ID  NAME  GLUSTER_COMMAND    HOSTS  TRANSPORT\n"
            "1   prod  gluster            3      ssh\n"
            "2   dr    /usr/sbin/gluster  0      local\n");
}

TEST(ResultRenderer, ColumnsAreTheUnionOfKeysIdentifyingOnesFirst) {
  const json result = json::parse(R"([{"a":1},{"b":"x","a":null,"address":"h"},{"c":{"d":true},"id":3}])");
  EXPECT_EQ(renderResult(result),
            "ID  ADDRESS  A  B  C\n"
            "             1\n"
            "    h           x\n"
            "3                  {\"d\":true}\n");
}

TEST(ResultRenderer, AnEmptyListSaysSo) {
  EXPECT_EQ(renderResult(json::parse(R"({"hosts":[]})")), "(no hosts)\n");
  EXPECT_EQ(renderResult(json::array()), "(none)\n");
}

TEST(ResultRenderer, ASingleObjectBecomesKeyValueLines) {
  const json result = json::parse(
      R"({"host":{"id":4,"address":"gl1","ssh":{"port":22,"user":"root"},"tags":["a","b"],"key":null}})");
  EXPECT_EQ(renderResult(result),
            "id        4\n"
            "address   gl1\n"
            "key\n"
            "ssh.port  22\n"
            "ssh.user  root\n"
            "tags      a, b\n");
}

TEST(ResultRenderer, MixedObjectsShowScalarsThenNamedTables) {
  const json result = json::parse(R"({"session":"s1","status":"ACTIVE","bricks":[{"brick":"b1","worker":"Active"}]})");
  EXPECT_EQ(renderResult(result),
            "session  s1\n"
            "status   ACTIVE\n"
            "\n"
            "bricks:\n"
            "BRICK  WORKER\n"
            "b1     Active\n");
}

TEST(ResultRenderer, EmptyAndScalarResults) {
  EXPECT_EQ(renderResult(json::object()), "ok\n");
  EXPECT_EQ(renderResult(json("done")), "done\n");
  EXPECT_EQ(renderResult(json::parse("[1,\"two\"]")), "1\ntwo\n");
}

TEST(ResultRenderer, ServerTextCannotReachTheTerminalRaw) {
  const json result = json::parse(R"({"hosts":[{"address":"evil\u001b[2J"}]})");
  EXPECT_EQ(renderResult(result).find('\x1b'), std::string::npos);
}

TEST(ResultRenderer, CommandsShowTheirParameters) {
  const json reply = json::parse(R"({"commands":[
      {"name":"cluster.list","description":"List clusters","params":[]},
      {"name":"host.add","description":"Add a host","params":[
         {"name":"cluster","type":"string","required":true,"description":"cluster name","max_length":64},
         {"name":"ssh_port","type":"integer","required":false,"description":"SSH port","minimum":1,"maximum":65535,"default":22},
         {"name":"transport","type":"string","required":false,"description":"","enum":["ssh","local"],"default":"ssh"}]}]})");
  EXPECT_EQ(renderCommands(reply),
            "cluster.list  List clusters\n"
            "    (no parameters)\n"
            "\n"
            "host.add  Add a host\n"
            "    cluster    string, required, max 64 chars           cluster name\n"
            "    ssh_port   integer, 1..65535, default 22            SSH port\n"
            "    transport  string, one of ssh|local, default \"ssh\"\n");
  EXPECT_EQ(renderCommands(json::parse(R"({"commands":[]})")), "(no commands registered)\n");
}

TEST(ResultRenderer, EventsTableAndFollowLines) {
  const json events = json::parse(R"([
      {"id":7,"time":"2026-01-02T03:04:05.006Z","name":"georep.session.status_changed","severity":"warning",
       "correlation_id":"c-1","body":{"from":"ACTIVE","to":"FAULTY"}}])");
  EXPECT_EQ(renderEvents(events),
            "ID  TIME                      SEVERITY  NAME                           CORRELATION  BODY\n"
            "7   2026-01-02T03:04:05.006Z  warning   georep.session.status_changed  c-1          "
            "{\"from\":\"ACTIVE\",\"to\":\"FAULTY\"}\n");
  EXPECT_EQ(renderEventLine(events[0]),
            "7  2026-01-02T03:04:05.006Z  warning  georep.session.status_changed  c-1  "
            "{\"from\":\"ACTIVE\",\"to\":\"FAULTY\"}\n");
  EXPECT_EQ(renderEvents(json::array()), "(no events)\n");
}

TEST(ResultRenderer, ErrorsShowCodeMessageFieldAndCorrelation) {
  const json error = json::parse(
      R"({"code":"invalid_argument","message":"ssh_port must be between 1 and 65535","field":"ssh_port"})");
  EXPECT_EQ(renderError(error, json("abc-123")),
            "error: invalid_argument: ssh_port must be between 1 and 65535\n"
            "  field: ssh_port\n"
            "  correlation id: abc-123\n");
  const json conflict = json::parse(R"({"code":"conflict","message":"has hosts","details":{"hosts":2}})");
  EXPECT_EQ(renderError(conflict, json()),
            "error: conflict: has hosts\n"
            "  details: {\"hosts\":2}\n");
}

}  // namespace
}  // namespace georep::cli
