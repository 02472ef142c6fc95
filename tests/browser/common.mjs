// What both browser tests share (run.mjs on the replay transport, lab.mjs on the real GlusterFS lab): the
// command line (--name value pairs), the checks that must be present (GEOREP_TEST_DB, Debian's chromium,
// psql, the web packages and the built console: a missing one fails the test, never skips it), the
// scenario runner (check/expect, counted and timed), the page watcher that records CSP violations and
// page errors, the login, and the axe-core accessibility check. Single-threaded (Node's event loop).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

export const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);

export function failEarly(why) {
  console.log(`FAIL: ${why}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/** chromium (playwright-core's), axe-core's source and the chromium path, or the process ends with FAIL. */
export function requirements(webDir, tools = ['psql']) {
  const chromiumPath = process.env.GEOREP_CHROMIUM ?? '/usr/bin/chromium';
  if (!process.env.GEOREP_TEST_DB) failEarly('GEOREP_TEST_DB is not set (scripts/pg-temp start DIR)');
  if (!fs.existsSync(chromiumPath)) failEarly(`${chromiumPath} is missing (apt-get install chromium; scripts/install-deps)`);
  for (const tool of tools) if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) failEarly(`${tool} is not installed`);
  const requireWeb = createRequire(path.join(webDir, 'package.json'));
  let chromium;
  try {
    ({ chromium } = requireWeb('playwright-core'));
  } catch {
    failEarly('web/node_modules has no playwright-core (scripts/web deps)');
  }
  const axeSource = fs.readFileSync(requireWeb.resolve('axe-core/axe.min.js'), 'utf8');
  if (!fs.existsSync(path.join(webDir, 'dist', 'index.html'))) failEarly('web/dist is not built (scripts/web build)');
  return { chromium, chromiumPath, axeSource };
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Named scenarios run in order; each is counted and timed, a failure is printed and the run goes on. */
export class Checks {
  passed = 0;
  failed = 0;
  problems = []; // CSP violations and page errors, from every watched page

  async check(name, fn) {
    const started = Date.now();
    try {
      await fn();
      this.passed += 1;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
      return true;
    } catch (e) {
      this.failed += 1;
      console.log(`FAIL ${name}: ${e.stack ?? e}`);
      return false;
    }
  }

  /** Records the page's CSP violations and errors in `problems`; a generous default timeout. */
  watch(page) {
    page.setDefaultTimeout(30000); // the machine running CI is shared; a passing run never waits for it
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) this.problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.problems.push(`page error: ${e.message}`));
    return page;
  }

  summary() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed > 0 ? 1 : 0;
  }
}

export async function login(page, base, who) {
  await page.goto(base + '/');
  await page.locator('#pf-login-username-id').fill(who.user);
  await page.locator('#pf-login-password-id').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('whoami').waitFor();
}

export async function axeCheck(axeSource, page, label) {
  const result = await page.evaluate(`${axeSource}; axe.run(document, { resultTypes: ['violations'] })`);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.length === 0, `${label}: ${bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('; ')}`);
}

/** Opens the DR tab's "Create DR policy" dialog on a session page and fills it (schedule preset, optional
 *  zone, RPO target in hours); returns the dialog, for the caller to look at and submit. */
export async function fillNewDrPolicy(page, { preset, zone, rpoHours }) {
  await page.getByRole('tab', { name: 'DR' }).click();
  await page.getByRole('button', { name: 'Create DR policy' }).click();
  const editor = page.getByRole('dialog', { name: 'Create a DR policy' });
  await editor.waitFor();
  await editor.getByLabel('Schedule preset').selectOption(preset);
  if (zone) await editor.getByLabel('Time zone').selectOption(zone);
  await editor.locator('#dr-rpo').fill(String(rpoHours));
  await editor.getByLabel('RPO target unit').selectOption({ label: 'hours' });
  return editor;
}
