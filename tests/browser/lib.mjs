// What the browser tests share: the tools they need (a skip, exit 77, where
// one is missing; a failure on CI), a planche server on a free port, headless
// Chromium, and a small harness that counts results and watches every page for
// outside requests and errors.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const modules = join(dirname(fileURLToPath(import.meta.url)), 'node_modules');
export const CHROMIUM = '/usr/bin/chromium';
export const PLANCHE = process.env.PLANCHE;
export const GEN = process.env.GEN;

// On CI (CI set, as CI services do) a missing tool fails the test, naming it;
// elsewhere the test is skipped (exit 77) with the same sentence.
const onCI = !['', '0', 'false', 'no'].includes(process.env.CI || '');
function skip(why) {
  if (onCI) {
    console.log(`FAIL - cannot run on CI: ${why}`);
    process.exit(1);
  }
  console.log(`skip: ${why}`);
  process.exit(77);
}

// Skips (or fails on CI) when a needed npm package or program is missing.
export async function requireTools(packages) {
  const absent = packages.filter((p) => !existsSync(join(modules, p)));
  if (absent.length)
    skip(`${absent.join(', ')} not installed in tests/browser/node_modules (bash .ci/install-deps --tests installs it)`);
  if (!existsSync(CHROMIUM)) skip(`${CHROMIUM} not found (bash .ci/install-deps --tests installs it)`);
  for (const [name, path] of [['PLANCHE', PLANCHE], ['GEN', GEN]])
    if (!path || !existsSync(path)) skip(`${name} does not name a built program (${path || 'unset'}): run it through ctest`);
  return await import(join(modules, 'playwright-core', 'index.mjs'));
}

// Starts `planche ARGS` (serve or review with --port 0) and waits for the
// address it prints.
export async function startPlanche(args, cwd) {
  const server = spawn(PLANCHE, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve(m[1]);
    });
    server.on('exit', () => reject(new Error(`planche ${args[0]} stopped: ${out}`)));
    setTimeout(() => reject(new Error(`planche ${args[0]} did not start`)), 10000);
  });
  return { server, base, origin: new URL(base).origin };
}

export function launch(chromium) {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Counts tests, and records requests to anything but origin (and the
// schemes in allowed) and console errors of every watched page.
export function harness(origin, allowed = ['data:', 'blob:']) {
  const h = { passed: 0, failed: 0, outside: [], consoleErrors: [] };
  h.watch = (page) => {
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin + '/') && !allowed.some((s) => u.startsWith(s))) h.outside.push(u);
    });
    page.on('console', (m) => { if (m.type() === 'error') h.consoleErrors.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => h.consoleErrors.push(`${page.url()}: ${e.message}`));
    return page;
  };
  h.test = async (name, fn) => {
    try {
      await fn();
      h.passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      h.failed++;
      console.log(`FAIL - ${name}: ${e.stack || e}`);
    }
  };
  return h;
}

export function assert(cond, msg) { if (!cond) throw new Error(msg); }
