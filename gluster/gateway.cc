// GlusterGateway (gluster/gateway.h): argv from ArgvBuilder, run on the Transport, XML parsed by
// gluster/xml_parsers.h. Besides the parsers' errors, answers that are not XML are judged here:
//  - exit status 126/127 with nothing on stdout: the gluster executable could not be run -> kExecFailed;
//  - "Connection failed. Please check if gluster daemon is operational." -> kUnreachable: glusterd on
//    that host does not answer, which is a reason to try another host, not a refusal;
//  - `status` with --xml prints plain "geo-replication command failed" both when there is no session
//    at all and on failure; the same status is then re-run without --xml, where "No active
//    geo-replication sessions" (stdout) means an empty report and anything else is a typed error. It is
//    also all a `status` refused because glusterd was busy prints: when the plain-text re-run then
//    answers (exit 0), the XML call met another transaction -> kTransactionInProgress (asked again by
//    read-backs and the sync job), never a refusal.
#include "gluster/gateway.h"

#include <string_view>
#include <utility>

#include "gluster/argv_builder.h"
#include "gluster/errors.h"
#include "gluster/input_validation.h"
#include "gluster/refusal.h"
#include "gluster/xml_parsers.h"

namespace georep::gluster {
namespace {

bool looksLikeXml(std::string_view out) {
  const auto first = out.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && out[first] == '<';
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

bool contains(std::string_view text, std::string_view what) { return text.find(what) != std::string_view::npos; }

// What the CLI said, stderr first (where it reports errors), for messages.
std::string plainMessage(const ExecResult& r) {
  std::string err = trimmed(r.err);
  std::string out = trimmed(r.out);
  if (err.empty()) return out;
  if (out.empty()) return err;
  return err + "\n" + out;
}

// Failures of the host rather than answers of glusterd, recognisable in plain-text output.
void throwIfHostFailure(const ExecResult& r, const std::string& glusterCommand) {
  const std::string text = plainMessage(r);
  if ((r.exitStatus == 126 || r.exitStatus == 127) && trimmed(r.out).empty()) {
    throw GatewayError(ErrorKind::kExecFailed, "cannot run '" + printableValue(glusterCommand, 200) +
                                                   "' on the host (exit " + std::to_string(r.exitStatus) +
                                                   "): " + printableValue(text, 400))
        .markNotSent();
  }
  if (contains(text, "gluster daemon is operational") || contains(text, "Connection failed.")) {
    // The CLI never reached glusterd: nothing was done.
    throw GatewayError(ErrorKind::kUnreachable, "glusterd does not answer on the host: " + printableValue(text, 400))
        .markNotSent();
  }
}

// A plain-text answer where XML was expected, after host failures were ruled out.
[[noreturn]] void throwPlainText(const ExecResult& r) {
  const std::string text = plainMessage(r);
  const ErrorKind kind = classifyRefusal(0, text);
  if (kind != ErrorKind::kRefused) throw GatewayError(kind, text);
  throw GatewayError(ErrorKind::kNotXml, "gluster answered without XML (exit " + std::to_string(r.exitStatus) +
                                             "): " + printableValue(text, 400));
}

}  // namespace

GlusterGateway::GlusterGateway(std::shared_ptr<Transport> transport, GatewayOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {
  if (!transport_) throw GatewayError(ErrorKind::kInvalidInput, "GlusterGateway needs a transport", 0, 0, "transport");
  if (options_.timeout.count() <= 0) {
    throw GatewayError(ErrorKind::kInvalidInput, "the gluster call timeout must be positive", 0, 0, "timeout");
  }
  ArgvBuilder check(options_.glusterCommand);  // validates the executable now rather than at the first call
}

namespace {

// Runs an argv that answers in XML and returns its output for a parser.
std::string runXml(Transport& transport, const Argv& argv, const GatewayOptions& options) {
  ExecResult r = transport.run(argv, options.timeout);
  if (looksLikeXml(r.out)) return std::move(r.out);
  throwIfHostFailure(r, options.glusterCommand);
  throwPlainText(r);
}

StatusReport runStatus(Transport& transport, const Argv& xmlArgv, const Argv& textArgv, const GatewayOptions& options) {
  ExecResult r = transport.run(xmlArgv, options.timeout);
  if (looksLikeXml(r.out)) return parseStatus(r.out);
  throwIfHostFailure(r, options.glusterCommand);
  // "geo-replication command failed": no session at all, or a failure. Ask again in plain text.
  ExecResult text = transport.run(textArgv, options.timeout);
  throwIfHostFailure(text, options.glusterCommand);
  if (contains(text.out, "No active geo-replication sessions")) return StatusReport{};
  // The XML call's own reason, when it gave one ("Another transaction is in progress ...": glusterd was
  // busy, and the plain-text call may have found it free and listed the sessions, which is no message).
  const std::string xmlMessage = plainMessage(r);
  const ErrorKind xmlKind = classifyRefusal(0, xmlMessage);
  if (xmlKind != ErrorKind::kRefused) throw GatewayError(xmlKind, xmlMessage);
  if (text.exitStatus == 0) {
    // The same status answered in plain text just after the XML call failed without a reason: glusterd
    // refused the XML call because another transaction held the volume's lock (with --xml a refused
    // `status` prints only "geo-replication command failed", the reason is lost; verified on 10.3).
    throw GatewayError(ErrorKind::kTransactionInProgress,
                       "glusterd refused the status without a reason (" + printableValue(xmlMessage, 200) +
                           ") and answered it in plain text just after: it was busy with another transaction; "
                           "ask again");
  }
  const std::string message = plainMessage(text);
  const ErrorKind kind = classifyRefusal(0, message);
  throw GatewayError(kind, message.empty() ? "geo-replication status failed without a message" : message);
}

}  // namespace

std::vector<VolumeInfo> GlusterGateway::volumeInfo(const std::optional<std::string>& volume) {
  const ArgvBuilder argv(options_.glusterCommand);
  return parseVolumeInfo(runXml(*transport_, argv.volumeInfo(volume), options_));
}

std::vector<VolumeStatus> GlusterGateway::volumeStatus(const std::optional<std::string>& volume) {
  const ArgvBuilder argv(options_.glusterCommand);
  return parseVolumeStatus(runXml(*transport_, argv.volumeStatus(volume), options_));
}

std::vector<VolumeStatus> GlusterGateway::volumeStatusDetail(const std::string& volume) {
  const ArgvBuilder argv(options_.glusterCommand);
  return parseVolumeStatus(runXml(*transport_, argv.volumeStatusDetail(volume), options_));
}

std::int64_t GlusterGateway::clusterOpVersion() {
  const ArgvBuilder argv(options_.glusterCommand);
  return parseClusterOpVersion(runXml(*transport_, argv.clusterOpVersion(), options_));
}

std::vector<Peer> GlusterGateway::peers() {
  const ArgvBuilder argv(options_.glusterCommand);
  return parsePoolList(runXml(*transport_, argv.poolList(), options_));
}

StatusReport GlusterGateway::status() {
  const ArgvBuilder argv(options_.glusterCommand);
  return runStatus(*transport_, argv.statusAll(OutputMode::kXml), argv.statusAll(OutputMode::kText), options_);
}

StatusReport GlusterGateway::status(const std::string& primaryVolume) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runStatus(*transport_, argv.statusOfVolume(primaryVolume, OutputMode::kXml),
                   argv.statusOfVolume(primaryVolume, OutputMode::kText), options_);
}

StatusReport GlusterGateway::status(const SessionRef& session) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runStatus(*transport_, argv.statusOfSession(session, OutputMode::kXml),
                   argv.statusOfSession(session, OutputMode::kText), options_);
}

ConfigMap GlusterGateway::config(const SessionRef& session) {
  const ArgvBuilder argv(options_.glusterCommand);
  return parseConfig(runXml(*transport_, argv.configGetAll(session), options_));
}

ActionReply GlusterGateway::create(const SessionRef& session, const CreateOptions& options) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runAction(argv.create(session, options));
}

ActionReply GlusterGateway::start(const SessionRef& session, bool force) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runAction(argv.start(session, force));
}

ActionReply GlusterGateway::stop(const SessionRef& session, bool force) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runAction(argv.stop(session, force));
}

ActionReply GlusterGateway::pause(const SessionRef& session, bool force) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runAction(argv.pause(session, force));
}

ActionReply GlusterGateway::resume(const SessionRef& session, bool force) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runAction(argv.resume(session, force));
}

ActionReply GlusterGateway::remove(const SessionRef& session, bool resetSyncTime) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runAction(argv.remove(session, resetSyncTime));
}

ActionReply GlusterGateway::configSet(const SessionRef& session, const std::string& key, const std::string& value) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runAction(argv.configSet(session, key, value));
}

ActionReply GlusterGateway::configReset(const SessionRef& session, const std::string& key) {
  const ArgvBuilder argv(options_.glusterCommand);
  return runAction(argv.configReset(session, key));
}

ActionReply GlusterGateway::runAction(const std::vector<std::string>& argv) {
  actionSent_ = true;
  return parseActionReply(runXml(*transport_, argv, options_));
}

void GlusterGateway::gsecCreate() {
  // `system:: execute` has no XML form: the CLI prints plain text and exits non-zero on failure.
  const ArgvBuilder argv(options_.glusterCommand);
  actionSent_ = true;
  ExecResult r = transport_->run(argv.gsecCreate(), options_.timeout);
  throwIfHostFailure(r, options_.glusterCommand);
  if (r.exitStatus == 0) return;
  const std::string message = plainMessage(r);
  throw GatewayError(classifyRefusal(0, message),
                     "gsec_create failed (exit " + std::to_string(r.exitStatus) + "): " + printableValue(message, 400));
}

}  // namespace georep::gluster
