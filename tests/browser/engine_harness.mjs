// The real georep-engine for the browser tests: a fresh database on GEOREP_TEST_DB's PostgreSQL server, a
// root-owned work directory (mode 700) holding the engine config, the replaying gluster command
// (replay_gluster.py + the GlusterFS 10.3 captures) and its state; the engine with the real georep plugin,
// the sync job every 500 ms, and web/dist as its web root, on an ephemeral loopback port. setUp() also
// logs in as the bootstrapped admin and registers cluster "lab" (transport local, gluster command
// "replay" from the config's allow-list) with one host, and creates a viewer.
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
  constructor({ engine, pluginDir, fixtures, webDist, workParent, replay }) {
    Object.assign(this, { engine, pluginDir, fixtures, webDist, workParent, replay });
    this.dbName = `georep_browser_${process.pid}_${Date.now() % 100000}`;
    this.child = null;
    this.token = null;
  }

  psql(sql) {
    const r = spawnSync('psql', [process.env.GEOREP_TEST_DB, '-qc', sql], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
  }

  async setUp(initialSessions) {
    fs.mkdirSync(this.workParent, { recursive: true });
    // The build directory normally; /run (root's, mode 755) when a directory above the build is writable by others.
    const parent = trustedAncestors(this.workParent) ? this.workParent : '/run';
    if (!trustedAncestors(parent)) throw new Error(`no directory for the engine config: ${this.workParent} and /run are writable by others`);
    this.work = fs.mkdtempSync(path.join(parent, 'georep-browser-'));
    fs.chmodSync(this.work, 0o700);
    const bin = path.join(this.work, 'gluster');
    fs.mkdirSync(path.join(bin, 'fixtures'), { recursive: true, mode: 0o755 });
    for (const f of fs.readdirSync(this.fixtures)) fs.copyFileSync(path.join(this.fixtures, f), path.join(bin, 'fixtures', f));
    this.glusterCommand = path.join(bin, 'replay_gluster.py');
    fs.copyFileSync(this.replay, this.glusterCommand);
    fs.chmodSync(this.glusterCommand, 0o755);
    fs.writeFileSync(path.join(bin, 'state.json'), JSON.stringify({ sessions: initialSessions }));

    this.psql(`CREATE DATABASE ${this.dbName}`);
    const connect = process.env.GEOREP_TEST_DB.replace(/dbname=\S*/, `dbname=${this.dbName}`);
    this.config = path.join(this.work, 'engine.json');
    fs.writeFileSync(this.config, JSON.stringify({
      database: { connect, pool_size: 8 },
      http: { address: '127.0.0.1', port: 0, web_root: this.webDist },
      plugins: [this.pluginDir],
      allow: { gluster_commands: { replay: this.glusterCommand } },
      log_level: 'info',
      plugin_config: { georep: { sync: { enabled: true, interval_ms: 500, config_interval_ms: 1000 } } },
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
    await this.command('cluster.add', { name: 'lab', transport: 'local', gluster_command: 'replay' });
    await this.command('host.add', { cluster: 'lab', address: 'localhost' });
    await this.command('auth.user.create', { name: VIEWER.user, role: 'viewer', password: VIEWER.password });
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
