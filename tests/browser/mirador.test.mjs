// The site's IIIF in an independent viewer: Mirador 4 (npm, its own bundle
// served from node_modules on a second local origin, so the manifests are
// fetched across origins as any hosted viewer would) loads the collection and
// a document manifest from `planche serve`. Mirador's own parsing must find
// one canvas per view, in view order, each named by its folio, load their
// image services and tiles, and show no error; the collection lists the
// document's manifest (once) beside the other image's. Nothing may be asked of any other host.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTools, startPlanche, launch, harness, assert, modules, PLANCHE, GEN } from './lib.mjs';

const { chromium } = await requireTools(['playwright-core', 'mirador']);
const miradorJs = readFileSync(join(modules, 'mirador', 'dist', 'mirador.min.js'));

// Mirador is a large React application: on a busy machine (CI beside other
// jobs) its first render of a dialog took over 20 s. What the test waits for
// must come, so it waits long; a failure still ends it.
const UI_WAIT = 90000;

const work = mkdtempSync(join(tmpdir(), 'planche-mirador-'));
const coll = join(work, 'coll');
const run = (args) => execFileSync(PLANCHE, args, { cwd: coll, encoding: 'utf8' });

// Three views of one Gallica document, added out of order, and one other image.
execFileSync(PLANCHE, ['init', coll], { encoding: 'utf8' });
execFileSync(GEN, ['-n', '4', '-m', '0.6', '--no-truth-images', join(work, 'gen')], { stdio: 'ignore' });
const names = ['btv1b8451605w_f3.jpg', 'btv1b8451605w_f1.jpg', 'btv1b8451605w_f2.jpg', 'bpt6k205233j.f3.jpg'];
execFileSync('mkdir', ['-p', join(coll, 'scans')]);
names.forEach((n, i) => renameSync(join(work, 'gen', `case-00${i}.jpg`), join(coll, 'scans', n)));
run(['add', 'scans']);
const byPath = Object.fromEntries(JSON.parse(run(['query', '--format', 'json'])).map((it) => [it.path, it.id]));
for (const v of [1, 2, 3]) run(['set', String(byPath[`scans/btv1b8451605w_f${v}.jpg`]), 'title=Le Défenseur', 'document=Le Défenseur']);
run(['set', String(byPath['scans/bpt6k205233j.f3.jpg']), 'title=La Seine à Rouen']);
execFileSync(PLANCHE, ['clean'], { cwd: coll, stdio: 'ignore' });
execFileSync(PLANCHE, ['build', '--quiet'], { cwd: coll, stdio: 'ignore' });
const viewIds = [1, 2, 3].map((v) => byPath[`scans/btv1b8451605w_f${v}.jpg`]);

// The site, with the absolute ids and CORS header `serve` gives it.
const { server, base, origin } = await startPlanche(['serve', '--port', '0', '--dir', join(coll, 'site')]);

// Mirador's page on another origin: its bundle and a page that starts it
// with the manifest named in the query.
const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Mirador</title>
<link rel="icon" href="data:,"><script src="/mirador.min.js"></script></head><body><div id="m" style="position:absolute;inset:0"></div>
<script>
const manifestId = new URLSearchParams(location.search).get('manifest');
window.mirador = Mirador.viewer({ id: 'm', windows: [{ id: 'w', manifestId }],
  window: { allowClose: false }, workspaceControlPanel: { enabled: false } });
</script></body></html>`;
const statics = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/mirador.min.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(miradorJs);
  else if (path === '/') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
  else res.writeHead(404).end();
});
await new Promise((resolve) => statics.listen(0, '127.0.0.1', resolve));
const viewerBase = `http://127.0.0.1:${statics.address().port}/`;

const browser = await launch(chromium);
const h = harness(origin, [viewerBase, 'data:', 'blob:']);
const { watch, test, outside, consoleErrors } = h;

// Opens Mirador on a manifest; returns the page, the tiles fetched and what
// Mirador's state says once the manifest has loaded.
async function open(manifest) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const p = watch(await ctx.newPage());
  const tiles = [];
  p.on('response', (r) => {
    if (r.url().startsWith(base + 'iiif/') && r.url().endsWith('/default.jpg') && r.status() === 200) tiles.push(r.url());
  });
  await p.goto(viewerBase + '?manifest=' + encodeURIComponent(manifest));
  await p.waitForFunction((id) => {
    const m = window.mirador && window.mirador.store.getState().manifests[id];
    return m && !m.isFetching && (m.json || m.error);
  }, manifest, { timeout: UI_WAIT });
  return { ctx, p, tiles };
}

// Mirador's error messages, as shown.
async function shownErrors(p) {
  return await p.evaluate(() => {
    const state = window.mirador.store.getState();
    const errors = Object.values(state.errors || {}).filter((e) => e && e.message).map((e) => e.message);
    const manifests = Object.entries(state.manifests).filter(([, m]) => m.error).map(([id, m]) => `${id}: ${m.error}`);
    const infos = Object.entries(state.infoResponses || {}).filter(([, r]) => r.error).map(([id, r]) => `${id}: ${r.error}`);
    const text = /An error occurred|could not be loaded|Error/i.test(document.body.innerText) ? [document.body.innerText.slice(0, 300)] : [];
    return [...errors, ...manifests, ...infos, ...text];
  });
}

// The label Mirador shows beside "1 of 3" for the canvas in view.
const shownLabel = async (p) => (await p.locator('.mirador-canvas-label').first().innerText()).replace(/^\s*•\s*/, '').trim();

await test('Mirador 4 loads a document manifest: one canvas per view, in view order, labelled, tiles shown, no error', async () => {
  const manifest = base + 'documents/le-defenseur/manifest.json';
  const { ctx, p, tiles } = await open(manifest);
  const canvases = await p.evaluate(() => window.Mirador.getCanvases(window.mirador.store.getState(), { windowId: 'w' })
    .map((c) => ({ id: c.id, w: c.getWidth(), h: c.getHeight() })));
  const expected = viewIds.map((id) => `${base}items/${id}/canvas/1`);
  assert(JSON.stringify(canvases.map((c) => c.id)) === JSON.stringify(expected),
    `canvases in view order: ${canvases.map((c) => c.id)} (expected ${expected})`);
  assert(canvases.every((c) => c.w > 0 && c.h > 0), 'every canvas has a size');
  // Each canvas is named by its Gallica folio, as Mirador reads it.
  const labels = await p.evaluate(() => window.Mirador.getCanvases(window.mirador.store.getState(), { windowId: 'w' })
    .map((c) => c.getLabel().getValue()));
  assert(JSON.stringify(labels) === '["f1","f2","f3"]', 'canvas labels in view order: ' + JSON.stringify(labels));
  for (let i = 0; i < UI_WAIT / 100 && (await shownLabel(p)) !== 'f1'; i++) await p.waitForTimeout(100);
  const firstLabel = await shownLabel(p);
  assert(firstLabel === 'f1', `Mirador shows the first canvas's label: "${firstLabel}"`);
  // The first canvas is shown: its image service's info.json and tiles load.
  await p.waitForFunction((svc) => {
    const r = window.mirador.store.getState().infoResponses[svc];
    return r && !r.isFetching && (r.json || r.error);
  }, `${base}iiif/${viewIds[0]}`, { timeout: UI_WAIT });
  for (let i = 0; i < UI_WAIT / 100 && tiles.length === 0; i++) await p.waitForTimeout(100);
  assert(tiles.length > 0 && tiles.every((u) => u.startsWith(`${base}iiif/${viewIds[0]}/`)), 'tiles of the first view: ' + tiles);
  // The next canvas, through Mirador's own control: its tiles are fetched.
  await p.locator('button[aria-label="Next item"]').click();
  await p.waitForFunction((id) => (window.mirador.store.getState().windows.w.visibleCanvases || []).includes(id),
    expected[1], { timeout: UI_WAIT });
  for (let i = 0; i < UI_WAIT / 100 && (await shownLabel(p)) !== 'f2'; i++) await p.waitForTimeout(100);
  const secondLabel = await shownLabel(p);
  assert(secondLabel === 'f2', `Mirador shows the second canvas's label: "${secondLabel}"`);
  const second = `${base}iiif/${viewIds[1]}/`;
  for (let i = 0; i < UI_WAIT / 100 && !tiles.some((u) => u.startsWith(second)); i++) await p.waitForTimeout(100);
  assert(tiles.some((u) => u.startsWith(second)), 'tiles of the second view: ' + tiles);
  const errors = await shownErrors(p);
  assert(errors.length === 0, 'Mirador shows errors: ' + errors.join('; '));
  await p.screenshot({ path: join(work, 'mirador-document.png') });
  await ctx.close();
});

await test('Mirador 4 loads the collection and opens one of its manifests', async () => {
  const manifest = base + 'iiif/collection.json';
  const { ctx, p, tiles } = await open(manifest);
  // The site's order (by title): the image, then the document of three
  // views by its own manifest, each picture once.
  const seine = byPath['scans/bpt6k205233j.f3.jpg'];
  const listed = await p.evaluate((id) => window.mirador.store.getState().manifests[id].json.items.map((m) => m.id), manifest);
  const wanted = [`${base}items/${seine}/manifest.json`, `${base}documents/le-defenseur/manifest.json`];
  assert(JSON.stringify(listed) === JSON.stringify(wanted), `the collection lists ${listed} (expected ${wanted})`);
  // Mirador offers the collection's manifests; choosing one shows its picture.
  await p.getByRole('button', { name: /show collection/i }).click({ timeout: UI_WAIT });
  await p.getByRole('menuitem', { name: 'Le Défenseur' }).waitFor({ timeout: UI_WAIT });
  await p.getByText('La Seine à Rouen').first().click({ timeout: UI_WAIT });
  await p.waitForFunction((id) => {
    const m = window.mirador.store.getState().manifests[id];
    return m && m.json && !m.isFetching;
  }, `${base}items/${seine}/manifest.json`, { timeout: UI_WAIT });
  for (let i = 0; i < UI_WAIT / 100 && tiles.length === 0; i++) await p.waitForTimeout(100);
  assert(tiles.length > 0 && tiles.every((u) => u.startsWith(`${base}iiif/${seine}/`)), 'tiles of the chosen image: ' + tiles);
  const errors = await shownErrors(p);
  assert(errors.length === 0, 'Mirador shows errors: ' + errors.join('; '));
  await p.screenshot({ path: join(work, 'mirador-collection.png') });
  await ctx.close();
});

await test('no request left the two local origins', async () => {
  assert(outside.length === 0, 'requests to other hosts: ' + outside.join(', '));
});

// Mirador 4.0.0's bundle carries React 19, which warns about Mirador's own
// components; that warning is Mirador's, not the site's.
await test('no console error', async () => {
  const ours = consoleErrors.filter((e) => !e.includes('Accessing element.ref was removed in React 19'));
  assert(ours.length === 0, ours.join('\n'));
});

await browser.close();
server.kill();
statics.close();
if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
else console.log('kept ' + work);
console.log(`${h.passed} passed, ${h.failed} failed`);
process.exit(h.failed ? 1 : 0);
