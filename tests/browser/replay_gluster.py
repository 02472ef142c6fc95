#!/usr/bin/env python3
"""A gluster CLI for the browser tests: answers the commands georep sends with XML captured from a real
GlusterFS 10.3 (the fixtures beside it, ../shared/fixtures/gluster-10.3), keeping the geo-replication state
that the actions change in state.json beside it, so that start/stop/pause/resume/config/delete behave
like glusterd's for the engine's read-back. The engine runs it as the allow-listed gluster command of a
cluster with transport "local" (copied into a root-owned directory by run.mjs).

state.json: {"sessions": {"<secondary volume>": "Started"|"Paused"|"Stopped"|"Created"|"Faulty"},
             "config": {"<secondary volume>": {"<key>": "<value>"}}}
`create [push-pem|no-verify] [force]` adds a session in state Created. `config checkpoint now` stores the
current time (epoch seconds, as glusterd does); while a session has a checkpoint its Active workers report
it completed (status detail's checkpoint fields), so a DR run can succeed.
Only the primary volume of the captures (mastervol, bricks vm:/bricks/m1 and m2, replica 2) exists; every
session's secondary is vm::<secondary volume>. Anything else is refused like glusterd refuses it."""
import hashlib
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
STATE = os.path.join(HERE, "state.json")
PRIMARY = "mastervol"


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return f.read()


def load_state():
    with open(STATE, encoding="utf-8") as f:
        return json.load(f)


def save_state(state):
    tmp = STATE + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f)
    os.replace(tmp, STATE)


def reply(text, code=0):
    sys.stdout.write(text)
    sys.exit(code)


def refuse(message, code=1):
    reply('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput>\n  <opRet>-1</opRet>\n'
          f'  <opErrno>30800</opErrno>\n  <opErrstr>{message}</opErrstr>\n</cliOutput>\n', code)


CAPTURED_SECONDARY_UUID = "40f418a6-f1fd-4f38-b70f-001c1121d300"


def for_secondary(xml, secondary):
    """The captured reply, for the session to vm::<secondary> (each secondary volume its own UUID)."""
    digest = hashlib.md5(secondary.encode()).hexdigest()
    uuid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    xml = xml.replace("vm::slavevol2", f"vm::{secondary}").replace("vm::slavevol", f"vm::{secondary}")
    return xml.replace(CAPTURED_SECONDARY_UUID, uuid)


# Worker statuses of the two bricks (one replica set: one Active, one Passive when running).
WORKERS = {"Started": ("Active", "Passive"), "Paused": ("Paused", "Paused"), "Stopped": ("Stopped", "Stopped"),
           "Created": ("Created", "Created"), "Faulty": ("Active", "Faulty")}


def with_checkpoint(block, epoch):
    """The session block reporting the checkpoint at `epoch` completed on its Active workers."""
    at = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch))
    done = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(max(epoch, int(time.time()))))
    pairs = block.split("<pair>")
    out = [pairs[0]]
    for pair in pairs[1:]:
        if "<status>Active</status>" in pair:
            pair = pair.replace("<checkpoint_completed>N/A</checkpoint_completed>", "<checkpoint_completed>Yes</checkpoint_completed>")
            pair = pair.replace("<checkpoint_time>N/A</checkpoint_time>", f"<checkpoint_time>{at}</checkpoint_time>")
            pair = pair.replace("<checkpoint_completion_time>N/A</checkpoint_completion_time>",
                                f"<checkpoint_completion_time>{done}</checkpoint_completion_time>")
        out.append(pair)
    return "<pair>".join(out)


def status_xml(sessions, config=None):
    captured = fixture("status_detail_active.xml")
    head, rest = captured.split("<sessions>", 1)
    template, tail = rest.split("</sessions>", 1)
    blocks = []
    for secondary, state in sorted(sessions.items()):
        block = for_secondary(template, secondary)
        pairs = block.split("<pair>")
        first, second = WORKERS[state]
        out = [pairs[0]]
        for index, pair in enumerate(pairs[1:]):
            status = first if index == 0 else second
            pair = re.sub(r"<status>[^<]*</status>", f"<status>{status}</status>", pair)
            if status != "Active":
                pair = re.sub(r"<crawl_status>[^<]*</crawl_status>", "<crawl_status>N/A</crawl_status>", pair)
            out.append(pair)
        block = "<pair>".join(out)
        checkpoint = (config or {}).get(secondary, {}).get("checkpoint", "0")
        if checkpoint.isdigit() and int(checkpoint) > 0:
            block = with_checkpoint(block, int(checkpoint))
        blocks.append(block)
    if not blocks:
        return head.split("<geoRep>")[0] + "<geoRep/>\n</cliOutput>\n"
    return head + "<sessions>" + "".join(blocks) + "</sessions>" + tail


def config_xml(overrides):
    xml = fixture("config.xml")
    for key, value in overrides.items():
        pattern = re.compile(rf"<{key}>[^<]*</{key}>|<{key}/>")
        element = f"<{key}>{value}</{key}>"
        xml = pattern.sub(element, xml) if pattern.search(xml) else xml.replace("</config>", f"  {element}\n    </config>")
    return xml


def main(argv):
    xml = "--xml" in argv
    args = argv[argv.index("--") + 1:] if "--" in argv else argv
    state = load_state()
    sessions = state.setdefault("sessions", {})
    if args[:2] == ["volume", "info"]:
        if len(args) > 2 and args[2] != PRIMARY:
            refuse(f"Volume {args[2]} does not exist", 2)
        reply(fixture("volinfo.xml"))
    if args[:2] == ["volume", "status"]:
        reply(fixture("volstatus.xml"))
    if args[:2] != ["volume", "geo-replication"]:
        refuse("unknown command: " + " ".join(args))
    rest = args[2:]
    if rest == ["status"] or rest == [PRIMARY, "status"]:
        if not xml:
            reply("No active geo-replication sessions\n" if not sessions else
                  "PRIMARY NODE    PRIMARY VOL    PRIMARY BRICK    SECONDARY USER    SECONDARY    STATUS\n")
        reply(status_xml(sessions, state.get("config")))
    if len(rest) < 3 or rest[0] != PRIMARY or not rest[1].startswith("vm::"):
        refuse("Invalid geo-replication command: " + " ".join(rest))
    secondary = rest[1][len("vm::"):]
    verb, extra = rest[2], rest[3:]
    current = sessions.get(secondary)
    if verb == "create":
        if current is not None and "force" not in extra:
            refuse(f"Session between {PRIMARY} and vm::{secondary} is already created.")
        sessions[secondary] = "Created"
        save_state(state)
        reply(for_secondary(fixture("create_ok.xml"), secondary))
    if current is None:
        refuse(f"Geo-replication session between {PRIMARY} and vm::{secondary} does not exist.")
    if verb == "status":
        reply(status_xml({secondary: current}, state.get("config")))
    if verb == "config":
        overrides = state.setdefault("config", {}).setdefault(secondary, {})
        if not extra:
            reply(config_xml(overrides))
        key = extra[0]
        if key.startswith("!"):
            overrides.pop(key[1:].replace("-", "_"), None)
            save_state(state)
            reply(for_secondary(fixture("config_reset_ok.xml"), secondary))
        value = extra[1] if len(extra) > 1 else ""
        if key == "checkpoint" and value == "now":
            value = str(int(time.time()))
        overrides[key.replace("-", "_")] = value
        save_state(state)
        reply(for_secondary(fixture("config_set_ok.xml"), secondary))
    force = "force" in extra
    transitions = {
        "start": ({"Created", "Stopped"}, "Started", "start_ok.xml", "err_start_started.xml"),
        "stop": ({"Started", "Paused", "Faulty"}, "Stopped", "stop_ok.xml", None),
        "pause": ({"Started", "Faulty"}, "Paused", "start_ok.xml", None),
        "resume": ({"Paused"}, "Started", "start_ok.xml", None),
    }
    if verb in transitions:
        allowed, target, ok, err = transitions[verb]
        if current not in allowed and not force:
            if err and current == "Started":
                reply(for_secondary(fixture(err), secondary), 1)
            if verb == "pause" and current == "Paused":
                reply(for_secondary(fixture("err_pause_paused.xml"), secondary), 2)
            refuse(f"geo-replication session between {PRIMARY} &amp; vm::{secondary} is {current}: cannot {verb}")
        sessions[secondary] = target
        save_state(state)
        reply(for_secondary(fixture(ok), secondary))
    if verb == "delete":
        if current in ("Started", "Paused", "Faulty"):
            refuse(f"geo-replication session between {PRIMARY} &amp; vm::{secondary} is still active. Stop it first.")
        del sessions[secondary]
        save_state(state)
        reply(for_secondary(fixture("delete_ok.xml"), secondary))
    refuse("unsupported geo-replication command: " + verb)


if __name__ == "__main__":
    main(sys.argv[1:])
