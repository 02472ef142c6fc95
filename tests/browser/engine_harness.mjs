// The real georep-engine for the browser tests: a fresh database on GEOREP_TEST_DB's PostgreSQL server, a
// root-owned work directory (mode 700) holding the engine config; the engine with the real georep plugin
// and web/dist as its web root, on an ephemeral loopback port, logged in as the bootstrapped admin, with a
// viewer created. Cluster "lab" is either the replay (setUpReplay: transport local, the allow-listed
// gluster command replaying GlusterFS 10.3 captures, the sync job every 500 ms) or the real GlusterFS lab
// (setUpLab: transport ssh with the lab's allow-listed key and pinned host key). One test at a time uses
// a harness (Node's event loop; the engine is a child process).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ADMIN = { user: 'admin', password: 'browser-admin-pass-1' };
export const VIEWER = { user: 'watcher', password: 'browser-viewer-pass-1' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// True when dir and every directory above it can only be changed by root or us: the engine refuses an
// allow-listed gluster command below a directory others could write (a clone under /tmp, say).
function trustedAncestors(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    if ((st.uid !== 0 && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

export class EngineHarness {
  /** From the browser tests' command line: --engine, --plugin-dir, --work; the console in webDir/dist. */
  static fromArgs(args, webDir) {
    return new EngineHarness({
      engine: path.resolve(args.engine),
      pluginDir: path.resolve(args['plugin-dir']),
      webDist: path.join(webDir, 'dist'),
      workParent: path.resolve(args.work),
    });
  }

  /** Stops the engine, drops the database; keeps the work directory (engine.log) after a failure. */
  async finish(failed) {
    await this.tearDown(failed);
    if (failed && this.work) console.log(`kept ${this.work} (engine.log) for the post-mortem`);
  }

  constructor({ engine, pluginDir, webDist, workParent }) {
    Object.assign(this, { engine, pluginDir, webDist, workParent });
    this.dbName = `georep_browser_${process.pid}_${Date.now() % 100000}`;
    this.child = null;
    this.token = null;
  }

  psql(sql) {
    const r = spawnSync('psql', [process.env.GEOREP_TEST_DB, '-qc', sql], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
  }

  /** Cluster "lab" on transport "local" whose allow-listed gluster command "replay" replays the GlusterFS
   *  10.3 captures in `fixtures` (replay_gluster.py) with the given sessions' states. */
  async setUpReplay({ fixtures, replay }, initialSessions) {
    this.makeWorkDir();
    const bin = path.join(this.work, 'gluster');
    fs.mkdirSync(path.join(bin, 'fixtures'), { recursive: true, mode: 0o755 });
    for (const f of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, f), path.join(bin, 'fixtures', f));
    this.glusterCommand = path.join(bin, 'replay_gluster.py');
    fs.copyFileSync(replay, this.glusterCommand);
    fs.chmodSync(this.glusterCommand, 0o755);
    fs.writeFileSync(path.join(bin, 'state.json'), JSON.stringify({ sessions: initialSessions }));
    await this.start({ gluster_commands: { replay: this.glusterCommand } },
      { sync: { enabled: true, interval_ms: 500, config_interval_ms: 1000 } });
    await this.command('cluster.add', { name: 'lab', transport: 'local', gluster_command: 'replay' });
    await this.command('host.add', { cluster: 'lab', address: 'localhost' });
    await this.command('auth.user.create', { name: VIEWER.user, role: 'viewer', password: VIEWER.password });
  }

  /** Cluster "lab" on the real GlusterFS lab (`scripts/lab env` as `lab`): transport ssh, its one node with
   *  the lab's key (allow-listed as "lab") and pinned host key; `georep` is the plugin config. */
  async setUpLab(lab, georep) {
    this.makeWorkDir();
    await this.start({ ssh_keys: { lab: lab.GEOREP_LAB_SSH_KEY } }, georep);
    await this.command('cluster.add', { name: 'lab', transport: 'ssh' });
    await this.command('host.add', {
      cluster: 'lab', address: lab.GEOREP_LAB_HOST, ssh_port: Number(lab.GEOREP_LAB_SSH_PORT), ssh_user: lab.GEOREP_LAB_SSH_USER,
      ssh_key: 'lab', host_key_fingerprint: lab.GEOREP_LAB_HOST_KEY_FINGERPRINT,
    });
    await this.command('auth.user.create', { name: VIEWER.user, role: 'viewer', password: VIEWER.password });
  }

  makeWorkDir() {
    fs.mkdirSync(this.workParent, { recursive: true });
    // The build directory normally; /run (root's, mode 755) when a directory above the build is writable by others.
    const parent = trustedAncestors(this.workParent) ? this.workParent : '/run';
    if (!trustedAncestors(parent)) throw new Error(`no directory for the engine config: ${this.workParent} and /run are writable by others`);
    this.work = fs.mkdtempSync(path.join(parent, 'georep-browser-'));
    fs.chmodSync(this.work, 0o700);
  }

  /** A fresh database, the engine config (`allow`, plugin_config.georep), the bootstrapped admin, the engine
   *  started and its port read from its log, and the admin's token. */
  async start(allow, georep) {
    this.psql(`CREATE DATABASE ${this.dbName}`);
    const connect = process.env.GEOREP_TEST_DB.replace(/dbname=\S*/, `dbname=${this.dbName}`);
    this.config = path.join(this.work, 'engine.json');
    fs.writeFileSync(this.config, JSON.stringify({
      database: { connect, pool_size: 8 },
      http: { address: '127.0.0.1', port: 0, web_root: this.webDist },
      plugins: [this.pluginDir],
      allow,
      log_level: 'info',
      plugin_config: { georep },
    }), { mode: 0o600 });

    const boot = spawnSync(this.engine, ['--config', this.config, '--bootstrap-admin', ADMIN.user], {
      encoding: 'utf8', env: { ...process.env, GEOREP_ADMIN_PASSWORD: ADMIN.password },
    });
    if (boot.status !== 0) throw new Error(`--bootstrap-admin failed: ${boot.stderr}${boot.stdout}`);

    this.logFile = path.join(this.work, 'engine.log');
    const log = fs.openSync(this.logFile, 'w');
    this.child = spawn(this.engine, ['--config', this.config], { stdio: ['ignore', log, log] });
    const deadline = Date.now() + 60000;
    while (!this.port) {
      const text = fs.readFileSync(this.logFile, 'utf8');
      const m = text.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) this.port = Number(m[1]);
      else if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`the engine did not start:\n${text}`);
      else await sleep(100);
    }
    this.base = `http://127.0.0.1:${this.port}`;
    const login = await this.api('POST', '/api/auth/login', ADMIN, { auth: false });
    this.token = login.result.token;
  }

  async api(method, pathName, body, { auth = true } = {}) {
    const headers = { 'Content-Type': 'application/json' };
    if (auth) headers.Authorization = `Bearer ${this.token}`;
    const res = await fetch(this.base + pathName, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${pathName}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  command(name, params) {
    return this.api('POST', `/api/commands/${name}`, params);
  }

  sessions() {
    return this.api('GET', '/api/georeplication-sessions?limit=1000').then((r) => r.sessions);
  }

  /** Waits until the sync job has discovered `count` sessions (the engine reads them from the replay). */
  async waitForSessions(count, timeoutMs = 30000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const sessions = await this.sessions();
      if (sessions.length >= count) return sessions;
      if (Date.now() > deadline) throw new Error(`only ${sessions.length} of ${count} sessions discovered:\n${this.log()}`);
      await sleep(250);
    }
  }

  log() {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '';
    }
  }

  async tearDown(keepWork) {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      const deadline = Date.now() + 30000;
      while (this.child.exitCode === null && Date.now() < deadline) await sleep(100);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    try {
      this.psql(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`);
    } catch (e) {
      console.error(String(e));
    }
    if (this.work && !keepWork) fs.rmSync(this.work, { recursive: true, force: true });
  }
}
