#!/usr/bin/env node
// The web console on the real GlusterFS lab (ctest labels `ui`, `e2e`): Debian's chromium driven by
// playwright-core against the real georep-engine, plugin and PostgreSQL, with cluster "lab" reached over
// SSH (scripts/lab). Everything an operator does goes through the page; the test only writes files on the
// primary (a FUSE mount, as a client would), looks at the secondary's brick, and breaks the session the
// way FaultReasonTest does (rsync_command pointed at /bin/false with the gluster CLI). In order:
//   log in -> the create-session wizard: primary volume, a new destination probed (its fingerprint shown and
//   confirmed), the SSH dialog with a wrong then the right password (the lab's non-root georepsec), the
//   secondary volume (forced: same cluster), no start -> rsync_options set on the Options tab (this
//   machine's rsync needs it) -> start -> ACTIVE and a file written on the primary is on the secondary ->
//   pause, resume -> a DR policy created and run now, followed to `succeeded`, RPO ok -> the History tab's
//   lag chart has points -> stop, the fault injected, start -> FAULTY with the reason class and hint on the
//   Workers tab and the event on the Events page -> the fault repaired: ACTIVE again, no reason left -> stop,
//   the DR policy deleted, the session deleted (each confirmed) -> a second destination, root@vm:2222 (the
//   README's), set up with the allow-listed key in the SSH dialog -> the password is in neither
//   the engine log nor a pg_dump. Screenshots go to <work>/screenshots-lab.
// The lab is taken with the e2e tests' lock (/run/lock/georep-lab-e2e.lock, the caller wraps this in
// flock(1)) and reset first. Usage: lab.mjs --engine BIN --plugin-dir DIR --web DIR --work DIR --lab SCRIPT
// Exit 0 pass, 1 fail, 77 when this machine cannot run GlusterFS (scripts/lab up said so).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { args, axeCheck as axeCheckWith, Checks, expect, failEarly, fillNewDrPolicy, login as loginAt, requirements, sleep } from './common.mjs';
import { ADMIN, EngineHarness } from './engine_harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(args.web ?? path.join(here, '../../web'));
const labScript = path.resolve(args.lab ?? path.join(here, '../../scripts/lab'));
const { chromium, chromiumPath, axeSource } = requirements(webDir, ['psql', 'pg_dump', 'gluster', 'mount']);

function run(argv, timeoutMs = 120000) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, out: r.stdout ?? '', err: r.stderr ?? '', text: `${argv.join(' ')}: exit ${r.status}\n${r.stdout}${r.stderr}` };
}

// The lab: up (exit 77: this machine cannot run GlusterFS), reset, and its facts.
const up = run([labScript, 'up'], 600000);
if (up.status === 77) {
  console.log(`SKIP: GlusterFS cannot run here: ${up.out}${up.err}`);
  process.exit(77);
}
if (up.status !== 0) failEarly(`scripts/lab up failed: ${up.text}`);
const reset = run([labScript, 'reset'], 600000);
if (reset.status !== 0) failEarly(`scripts/lab reset failed: ${reset.text}`);
const lab = Object.fromEntries(run([labScript, 'env']).out.split('\n').filter((l) => l.includes('='))
  .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
if (!lab.GEOREP_LAB_DEST_USER) failEarly('the lab has no destinations block (scripts/lab up)');
const password = fs.readFileSync(lab.GEOREP_LAB_DEST_PASSWORD_FILE, 'utf8').trim();
const primary = lab.GEOREP_LAB_PRIMARY;
const secondary = lab.GEOREP_LAB_DEST_VOLUME;
const destUser = lab.GEOREP_LAB_DEST_USER;
const secondaryUrl = `${destUser}@${lab.GEOREP_LAB_HOST}::${secondary}`;
const secondaryBrick = path.join(lab.GEOREP_LAB_DIR, 'bricks', `${secondary}-1`);
// Nothing prepared by hand: georep alone authorises its keys for the non-root user.
fs.rmSync(`/home/${destUser}/.ssh/authorized_keys`, { force: true });

const harness = EngineHarness.fromArgs(args, webDir);
const screenshots = path.join(path.resolve(args.work), 'screenshots-lab');
fs.mkdirSync(screenshots, { recursive: true });
const shot = (page, name) => page.screenshot({ path: path.join(screenshots, `${name}.png`) });

const checks = new Checks();
const axeCheck = (page, label) => axeCheckWith(axeSource, page, label);
const t0 = Date.now();
const phase = (what) => console.log(`[ ui-lab ] ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);

// gluster's CLI on this machine, as an administrator would type it ("behind the engine's back").
function gluster(...argv) {
  const r = run(['gluster', '--mode=script', '--xml', '--', ...argv]);
  if (!r.out.includes('<opRet>0</opRet>')) throw new Error(`gluster ${argv.join(' ')}: ${r.text}`);
}

// Writes `name` on the primary through a FUSE mount, as a client of the volume would.
function writeOnPrimary(name, text) {
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'georep-ui-mnt-'));
  const m = run(['mount', '-t', 'glusterfs', `${lab.GEOREP_LAB_HOST}:/${primary}`, mnt], 60000);
  if (m.status !== 0) throw new Error(`mount: ${m.text}`);
  try {
    fs.writeFileSync(path.join(mnt, name), text);
  } finally {
    if (run(['umount', mnt], 30000).status !== 0) run(['umount', '-l', mnt], 30000);
    fs.rmdirSync(mnt);
  }
}

async function waitFor(what, timeoutMs, probe, everyMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(everyMs);
  }
}

const readOr = (p) => {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
};

// A lifecycle action from the session page's toolbar, through its confirmation dialog (Enter confirms).
async function sessionAction(page, verb) {
  await page.getByRole('button', { name: verb, exact: true }).click(); // the session page's toolbar
  const dialog = page.getByRole('dialog', { name: `${verb} session?` });
  await dialog.waitFor();
  await page.keyboard.press('Enter');
  // Done when the dialog closes; the engine's refusal stays in it as an alert: fail with its words at once.
  const refusal = dialog.locator('.pf-v6-c-alert.pf-m-danger').first();
  const settle = (p) => p.then((value) => ({ value }), (error) => ({ error })); // the loser must not reject unhandled
  const outcome = await Promise.race([
    settle(dialog.waitFor({ state: 'hidden', timeout: 180000 }).then(() => null)),
    settle(refusal.waitFor({ timeout: 180000 }).then(() => refusal.textContent())),
  ]);
  if (outcome.error) throw outcome.error;
  if (outcome.value !== null) throw new Error(`${verb} refused: ${outcome.value}`);
}
// Opens the create-session wizard on the primary volume and probes a new destination on the lab host: the
// fingerprint it shows must be `fingerprint`. Returns the wizard, at the probed host key.
async function wizardProbing(port, user, fingerprint) {
  await page.getByRole('button', { name: 'Create session' }).click();
  const wizard = page.getByRole('dialog', { name: 'Create a geo-replication session' });
  await wizard.waitFor();
  await wizard.getByLabel('Primary volume').selectOption(primary);
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByLabel('Secondary host').fill(lab.GEOREP_LAB_HOST);
  await wizard.getByLabel('SSH port').fill(port);
  await wizard.getByLabel('SSH user').fill(user);
  await wizard.getByRole('button', { name: 'Probe host key' }).click();
  await wizard.locator('#probe-fingerprint').getByText(fingerprint).waitFor({ timeout: 60000 });
  return wizard;
}
const heading = (page) => page.getByRole('heading', { level: 1 });
const statusIs = (page, status, timeout) => heading(page).getByText(status, { exact: true }).waitFor({ timeout });

let browser;
let page;
let stopAll = false; // a failed step leaves the later ones nothing to work on
const step = async (name, fn) => {
  if (stopAll) {
    checks.failed += 1;
    console.log(`FAIL ${name}: not run (an earlier step failed)`);
    return;
  }
  if (!(await checks.check(name, fn))) {
    stopAll = true;
    if (page) await page.screenshot({ path: path.join(screenshots, 'failed-step.png') }).catch(() => {});
  }
};
let sessionId = null;

try {
  phase('engine');
  await harness.setUpLab(lab, {
    sync: { enabled: true, interval_ms: 2000, config_interval_ms: 2000 },
    destinations: {
      glusterd_restart: [lab.GEOREP_LAB_DEST_RESTART], mountbroker_root: lab.GEOREP_LAB_DEST_MOUNTBROKER_ROOT,
      mountbroker_group: lab.GEOREP_LAB_DEST_GROUP, test_interval_ms: 0, private_keys: { lab: lab.GEOREP_LAB_SSH_KEY },
    },
    // GlusterFS 10.3 here may leave a new worker deaf to live changelogs (README): a DR run restarts such a
    // session after this long without progress.
    dr: { stall_restart_after_seconds: 30 },
  });
  await harness.command('georep.volume.refresh', { cluster: 'lab' });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  page = checks.watch(await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage());

  await step('log in', async () => {
    await loginAt(page, harness.base, ADMIN);
    await page.getByRole('button', { name: 'Create session' }).waitFor();
  });

  await step('wizard: primary volume, destination probed and confirmed, SSH dialog (wrong, then right password), forced secondary', async () => {
    phase('wizard');
    const wizard = await wizardProbing(lab.GEOREP_LAB_DEST_SSH_PORT, destUser, lab.GEOREP_LAB_DEST_HOST_KEY_FINGERPRINT);
    await shot(page, 'wizard-probe');
    await wizard.getByLabel(/I have checked that/).check();
    await wizard.getByRole('button', { name: 'Set up passwordless SSH' }).click();
    const ssh = page.getByRole('dialog', { name: 'Set up passwordless SSH' });
    await ssh.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'ssh-setup-password');
    await page.keyboard.type(`${password}-wrong`);
    await page.keyboard.press('Enter');
    await ssh.getByText(/SSH setup failed/).waitFor({ timeout: 120000 });
    expect(await ssh.locator('#ssh-setup-password').inputValue() === '', 'the password stayed in the field after the request');
    await page.keyboard.type(password);
    await shot(page, 'ssh-setup');
    await page.keyboard.press('Enter');
    await ssh.waitFor({ state: 'hidden', timeout: 120000 });
    await wizard.locator(`tr[data-destination="${lab.GEOREP_LAB_HOST}"]`).getByText('test passed').waitFor({ timeout: 120000 });
    expect(!(await page.content()).includes(password), 'the password is in the page');
    await shot(page, 'wizard-destination');
    await wizard.getByRole('button', { name: 'Next' }).click();
    const candidate = wizard.getByRole('radio', { name: `Replicate to ${secondary}`, exact: true });
    await candidate.waitFor({ timeout: 120000 });
    // The lab's secondaries live in the primary's own cluster (one glusterd): the engine says so, only force passes.
    expect(await candidate.isDisabled(), `${secondary} could be chosen without force`);
    await wizard.getByLabel('Force: allow a volume that is not eligible').check();
    await candidate.check();
    await shot(page, 'wizard-eligibility');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByLabel('Start the session after creating it').uncheck();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByText(`${destUser}@${lab.GEOREP_LAB_HOST}::${secondary}`).waitFor();
    phase('create');
    await wizard.getByRole('button', { name: 'Create' }).click();
    // Mountbroker set-up, a glusterd restart, glusterd's checks and the push-pem hook: a minute, more when loaded.
    await statusIs(page, 'CREATED', 600000);
    phase('created');
    sessionId = Number((await page.locator('nav[aria-label="Breadcrumb"]').textContent()).match(/#(\d+)/)[1]);
    const stored = (await harness.sessions()).find((s) => s.session_id === sessionId);
    expect(stored?.secondary_user === destUser && stored?.secondary_volume === secondary, `the engine has ${JSON.stringify(stored)}`);
  });

  await step('options tab: rsync_options set (this machine\'s rsync needs it); start; ACTIVE', async () => {
    const rsyncOptions = lab.GEOREP_LAB_RSYNC_OPTIONS;
    if (rsyncOptions) {
      await page.getByRole('tab', { name: 'Options' }).click();
      const row = page.locator('#options-table tr[data-option="rsync_options"]');
      await row.getByRole('button', { name: 'Edit rsync_options' }).click();
      const input = row.getByLabel('Value of rsync_options');
      await input.fill(rsyncOptions);
      await input.press('Enter');
      await row.getByText('changed').waitFor({ timeout: 120000 });
      await row.getByText(rsyncOptions, { exact: true }).waitFor();
    }
    // Written before the first start: its crawl copies it whether or not the new workers hear live
    // changelogs (README, "A worker may never get live changelogs").
    writeOnPrimary('before-start.txt', 'written before the start\n');
    phase('start');
    await sessionAction(page, 'Start');
    await statusIs(page, 'ACTIVE', 180000);
    phase('active');
    await page.getByRole('tab', { name: 'Workers' }).click();
    const workers = page.locator('#workers-table tbody tr');
    await waitFor('every worker Active or Passive', 120000, async () => {
      const texts = await workers.allTextContents();
      return texts.length > 0 && texts.every((t) => /Active|Passive/.test(t));
    });
    await shot(page, 'session-active');
  });

  await step('a file written on the primary is on the secondary', async () => {
    await waitFor(`before-start.txt on ${secondaryBrick}`, 240000,
      () => readOr(path.join(secondaryBrick, 'before-start.txt')) === 'written before the start\n');
    phase('file replicated');
    // The page shows what the workers report: a last-synced time once the copy is done.
    await waitFor('a last synced time on the Workers tab', 120000, async () =>
      (await page.locator('#workers-table tbody tr td[data-label="Last synced"]').allTextContents()).some((t) => /\d{4}-\d\d-\d\d/.test(t)));
  });

  await step('pause, then resume', async () => {
    await sessionAction(page, 'Pause');
    await statusIs(page, 'PAUSED', 120000);
    await shot(page, 'session-paused');
    await sessionAction(page, 'Resume');
    await statusIs(page, 'ACTIVE', 180000);
    phase('resumed');
  });

  await step('DR tab: policy created, run now, followed to succeeded, RPO ok', async () => {
    const editor = await fillNewDrPolicy(page, { preset: '@daily', rpoHours: 2 });
    await editor.getByRole('button', { name: 'Create' }).click();
    await editor.waitFor({ state: 'hidden' });
    await page.getByTestId('rpo-badge').getByText('RPO breached').waitFor();
    phase('DR run');
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByTestId('dr-run-progress').waitFor();
    await shot(page, 'dr-run-progress');
    const row = page.locator('#dr-runs-table tbody tr').first();
    await row.getByText(/^(succeeded|failed|timed_out|cancelled)$/).waitFor({ timeout: 420000 });
    const result = (await row.locator('td[data-label="Result"]').textContent()).trim();
    expect(result === 'succeeded', `the run ended ${result}: ${await row.textContent()}`);
    phase('DR run succeeded');
    await page.getByTestId('rpo-badge').getByText('RPO ok').waitFor({ timeout: 30000 });
    await axeCheck(page, 'DR tab');
    await shot(page, 'dr-tab');
  });

  await step('History tab: the lag chart has points for the bricks', async () => {
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('button', { name: '1 h' }).click();
    const points = page.locator('figure[data-chart="history-lag"] circle');
    await waitFor('points on the lag chart', 60000, async () => (await points.count()) >= 2);
    await shot(page, 'history');
  });

  await step('a Faulty worker: FAULTY with the reason class and hint; the event on the Events page', async () => {
    await sessionAction(page, 'Stop');
    await statusIs(page, 'STOPPED', 120000);
    writeOnPrimary('needs-rsync.txt', 'needs an rsync\n');
    gluster('volume', 'geo-replication', primary, secondaryUrl, 'config', 'rsync_command', '/bin/false');
    await sleep(16000); // the change is rolled into a changelog the start's history crawl meets
    phase('fault injected; start');
    await sessionAction(page, 'Start');
    await page.getByRole('tab', { name: 'Workers' }).click();
    const fault = page.locator('#workers-table .georep-fault[data-fault-class="rsync"]').first();
    await fault.waitFor({ timeout: 240000 });
    phase('Faulty reason shown');
    expect((await fault.locator('.georep-fault__hint').textContent()).includes('rsync_command'), 'the hint does not name rsync_command');
    await heading(page).getByText(/FAULTY/).waitFor({ timeout: 60000 });
    await axeCheck(page, 'session details (Faulty)');
    await shot(page, 'faulty-reason');
    await page.getByRole('link', { name: 'Events' }).click();
    await page.locator('#events-table tr[data-event="georep.brick.faulty"]').first().waitFor({ timeout: 60000 });
    await shot(page, 'events');
    await page.goBack();
  });

  await step('the fault repaired: the workers recover, the reason is gone; then stop and delete through the page', async () => {
    gluster('volume', 'geo-replication', primary, secondaryUrl, 'config', '!rsync_command');
    await heading(page).waitFor();
    // GlusterFS restarts the workers on a config change (the session reads Stopped, then Initializing, meanwhile).
    await statusIs(page, 'ACTIVE', 240000);
    await waitFor('the fault reasons gone', 60000, async () => (await page.locator('#workers-table .georep-fault').count()) === 0);
    phase('recovered');
    await sessionAction(page, 'Stop');
    await statusIs(page, 'STOPPED', 120000);
    // The engine refuses to delete a session that has a DR policy (typed conflict): the policy goes first.
    await page.getByRole('tab', { name: 'DR' }).click();
    await page.getByRole('button', { name: 'Delete policy' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the DR policy?' });
    await confirm.waitFor();
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Create DR policy' }).waitFor();
    await sessionAction(page, 'Delete');
    await page.getByText('No geo-replication sessions').waitFor(); // the list page, now empty
    await waitFor('the session gone from the engine', 60000, async () => !(await harness.sessions()).some((s) => s.session_id === sessionId));
  });

  await step('the README\'s root secondary: a destination set up with an allow-listed key in the SSH dialog', async () => {
    // As scripts/run configures the engine: the lab key is allow-listed as destination key "lab".
    const wizard = await wizardProbing(lab.GEOREP_LAB_SSH_PORT, 'root', lab.GEOREP_LAB_HOST_KEY_FINGERPRINT);
    await wizard.getByLabel(/I have checked that/).check();
    await wizard.getByRole('button', { name: 'Set up passwordless SSH' }).click();
    const ssh = page.getByRole('dialog', { name: 'Set up passwordless SSH' });
    await ssh.getByLabel('A private key from the engine\'s allow-list').check();
    await ssh.locator('#ssh-setup-key').selectOption('lab');
    await ssh.getByRole('button', { name: 'Set up SSH' }).click();
    await ssh.waitFor({ state: 'hidden', timeout: 120000 });
    const row = wizard.locator(`tr[data-destination="${lab.GEOREP_LAB_HOST}"]`).filter({ hasText: `root@${lab.GEOREP_LAB_HOST}:${lab.GEOREP_LAB_SSH_PORT}` });
    await row.getByText('test passed').waitFor({ timeout: 120000 });
    await shot(page, 'wizard-key-destination');
    await wizard.getByRole('button', { name: 'Close the wizard' }).click();
    await wizard.waitFor({ state: 'hidden' });
  });

  await checks.check('the password is in neither the engine log nor the database', async () => {
    expect(!fs.readFileSync(harness.logFile, 'utf8').includes(password), 'the password is in the engine log');
    const connect = process.env.GEOREP_TEST_DB.replace(/dbname=\S*/, `dbname=${harness.dbName}`);
    const dump = run(['pg_dump', '--data-only', '-d', connect], 60000);
    expect(dump.status === 0 && dump.out.length > 1000, `pg_dump: ${dump.text.slice(0, 500)}`);
    expect(!dump.out.includes(password), 'the password is in the database');
  });

  await checks.check('no CSP violation or page error on any page', async () => {
    expect(checks.problems.length === 0, checks.problems.join('\n'));
  });
} catch (e) {
  checks.failed += 1;
  console.log(`FAIL set-up: ${e.stack ?? e}\n${harness.log()}`);
} finally {
  if (browser) await browser.close();
  // The destination's keys leave georepsec's authorized_keys with it; scripts/lab reset clears the rest.
  try {
    if (harness.token) {
      for (const d of (await harness.api('GET', '/api/clusters/lab/georeplication-destinations')).destinations ?? []) {
        await harness.api('DELETE', `/api/clusters/lab/georeplication-destinations/${d.id}`);
      }
    }
  } catch (e) {
    console.log(`note: removing the destination: ${e}`);
  }
  await harness.finish(checks.failed > 0);
}
phase('done');
console.log(`screenshots: ${screenshots}`);
process.exit(checks.summary());
