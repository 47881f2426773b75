// Benchmark (not a test): what a phone downloads to search a built site.
// Opens SITE/search/index.html?q=QUERY from file:// in headless Chromium for
// each query, waits for the results, and prints the scripts of the index the
// page loaded (keys.js, shards t/, parts p/, card chunks c/ or, before them,
// items-*.js, sections of the chunks' table s/): their number, bytes in all
// and the largest; then, if the page has a "More results" button, what
// pressing it once loads on top; then the largest files of the index.
//
//   node tests/bench/search-bytes.mjs SITE QUERY...
//   (needs tests/browser/node_modules and /usr/bin/chromium, as the browser tests)
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const modules = join(dirname(fileURLToPath(import.meta.url)), '..', 'browser', 'node_modules');
const [site, ...queries] = process.argv.slice(2);
if (!site || !queries.length || !existsSync(join(site, 'search', 'index.html'))) {
  console.error('usage: search-bytes.mjs SITE QUERY... (SITE: a built site folder)');
  process.exit(2);
}
const { chromium } = await import(join(modules, 'playwright-core', 'index.mjs'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
const search = join(resolve(site), 'search');
const size = (rel) => statSync(join(search, rel)).size;
const kind = (rel) => rel.startsWith('t/') ? 'shards' : rel.startsWith('p/') ? 'parts'
  : rel.startsWith('items-') || rel.startsWith('c/') ? 'cards' : rel.startsWith('s/') ? 'sections'
    : 'keys';
const scripts = (page) => page.evaluate(() => Array.from(document.querySelectorAll('script[src]'),
  (s) => s.getAttribute('src')));
// what the scripts in loaded and not in before weigh, by kind
function tally(loaded, before = []) {
  const by = {};
  for (const src of loaded.filter((s) => !before.includes(s) && !s.startsWith('..') && !s.includes('/assets/'))) {
    const rel = src.replace(/^\.\//, '');
    if (!existsSync(join(search, rel))) continue;
    const k = kind(rel);
    by[k] = by[k] || { n: 0, bytes: 0, largest: 0, name: '' };
    const b = size(rel);
    by[k].n++;
    by[k].bytes += b;
    if (b > by[k].largest) { by[k].largest = b; by[k].name = rel; }
  }
  return by;
}
const sum = (by, kinds) => kinds.reduce((s, k) => s + (by[k] ? by[k].bytes : 0), 0);
function print(by) {
  for (const [k, v] of Object.entries(by))
    console.log(`    ${k}: ${v.n} files, ${v.bytes} bytes, largest ${v.name} ${v.largest}`);
}

console.log(`site ${resolve(site)}`);
for (const q of queries) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const url = pathToFileURL(join(search, 'index.html')).href + '?q=' + encodeURIComponent(q);
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('search-status').textContent !== '',
    null, { timeout: 60000 });
  const loaded = await scripts(page);
  const shown = await page.locator('#search-results li').count();
  const status = await page.locator('#search-status').textContent();
  const by = tally(loaded);
  console.log(`"${q}": ${shown} shown, "${status}"; index downloaded ${sum(by, ['shards', 'parts'])}` +
    ` bytes, cards ${sum(by, ['cards', 'sections'])} bytes`);
  print(by);
  const more = page.locator('#search-more');
  if (await more.count() && await more.isVisible()) {
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('#search-results li').length > n &&
      !document.getElementById('search-more').disabled, shown, { timeout: 60000 });
    const by2 = tally(await scripts(page), loaded);
    console.log(`  "More results": ${await page.locator('#search-results li').count()} shown; ` +
      `index ${sum(by2, ['shards', 'parts'])} bytes more, cards ${sum(by2, ['cards', 'sections'])} bytes more`);
    print(by2);
  }
  await ctx.close();
}
for (const dir of ['t', 'p', 'c', 's']) {
  if (!existsSync(join(search, dir))) continue;
  const files = readdirSync(join(search, dir)).map((f) => [f, size(join(dir, f))]);
  files.sort((a, b) => b[1] - a[1]);
  const all = files.reduce((s, f) => s + f[1], 0);
  console.log(`search/${dir}: ${files.length} files, ${all} bytes, largest ` +
    files.slice(0, 3).map((f) => `${f[0]} ${f[1]}`).join(', '));
}
await browser.close();
