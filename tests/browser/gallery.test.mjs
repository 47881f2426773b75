// The gallery in headless Chromium: browsing, the zoom viewer's tiles,
// search by title and ARK, no request to any other host, no console error,
// pages that work without JavaScript and from file://, and axe-core's
// accessibility rules. Skips (77) when a tool is missing; fails on CI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, renameSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireTools, startPlanche, launch, harness, assert, modules, PLANCHE, GEN } from './lib.mjs';

const { chromium } = await requireTools(['playwright-core', 'axe-core']);
const axeSource = readFileSync(join(modules, 'axe-core', 'axe.min.js'), 'utf8');

const work = mkdtempSync(join(tmpdir(), 'planche-browser-'));
const coll = join(work, 'coll');
const run = (args, opts = {}) => execFileSync(PLANCHE, args, { cwd: coll, encoding: 'utf8', ...opts });

// A small collection: three generated scans with Gallica names.
execFileSync(PLANCHE, ['init', coll], { encoding: 'utf8' });
execFileSync(GEN, ['-n', '3', '-m', '1.5', '--no-truth-images', join(work, 'gen')], { stdio: 'ignore' });
const names = ['btv1b8451605w_f1.jpg', 'btv1b8451605w_f2.jpg', 'bpt6k205233j.f3.jpg'];
execFileSync('mkdir', ['-p', join(coll, 'scans')]);
names.forEach((n, i) => renameSync(join(work, 'gen', `case-00${i}.jpg`), join(coll, 'scans', n)));
run(['add', 'scans']);
const items = JSON.parse(run(['query', '--format', 'json']));
const byPath = Object.fromEntries(items.map((it) => [it.path, it.id]));
run(['set', String(byPath['scans/btv1b8451605w_f1.jpg']), 'title=Le Défenseur', 'creator=Honoré Daumier', 'date=1845', 'tags=justice']);
run(['set', String(byPath['scans/btv1b8451605w_f2.jpg']), 'title=<script>alert(1)</script>', 'creator=Paul Gavarni', 'date=vers 1860']);
run(['set', String(byPath['scans/bpt6k205233j.f3.jpg']), 'title=La Seine à Rouen', 'date=1850']);
run(['clean'], { stdio: 'ignore' });
writeFileSync(join(coll, 'intro.md'), '# About\n\nPrints from *Gallica*.\n');
const conf = readFileSync(join(coll, 'planche.conf'), 'utf8').replace(/^#introduction=.*$/m, 'introduction=intro.md');
writeFileSync(join(coll, 'planche.conf'), conf);
run(['build', '--quiet']);

// The preview server on a free port.
const { server, base, origin } = await startPlanche(['serve', '--port', '0', '--dir', join(coll, 'site')]);
const browser = await launch(chromium);
const h = harness(origin, ['file://', 'data:', 'blob:']);
const { watch, test, outside, consoleErrors } = h;

async function axe(url) {
  // axe is injected inline, which the site's CSP forbids: a separate context bypasses it.
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  await ctx.close();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = watch(await ctx.newPage());
const defenseur = byPath['scans/btv1b8451605w_f1.jpg'];

await test('home page shows the title, introduction and latest additions', async () => {
  await page.goto(base + 'index.html');
  assert((await page.locator('h1').textContent()).trim() === 'My collection', 'h1');
  assert(await page.locator('.intro h2').count() === 1, 'introduction rendered');
  assert(await page.locator('.grid li').count() === 3, 'three latest additions');
  const alt = await page.locator('.grid img').first().getAttribute('alt');
  assert(alt && alt.length > 0, 'alt text');
});

await test('keyboard: the skip link comes first and focus is visible', async () => {
  await page.goto(base + 'index.html');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { cls: el.className, outline: s.outlineStyle, width: s.outlineWidth, left: el.getBoundingClientRect().left };
  });
  assert(focused.cls === 'skip', 'skip link focused first, got ' + focused.cls);
  assert(focused.outline !== 'none' && focused.width !== '0px', 'visible focus outline');
  assert(focused.left >= 0, 'skip link shown when focused');
});

await test('browse to an image and its zoom viewer loads tiles', async () => {
  await page.goto(base + 'browse/index.html');
  const tiles = [];
  page.on('response', (r) => { if (r.url().includes('/iiif/') && r.url().endsWith('default.jpg') && r.status() === 200) tiles.push(r.url()); });
  await page.locator('.grid a', { hasText: 'Le Défenseur' }).click();
  await page.waitForURL(`**/items/${defenseur}/index.html`);
  assert((await page.locator('h1').textContent()).includes('Le Défenseur'), 'item page title');
  await page.waitForSelector('.viewer.zoom .openseadragon-canvas', { timeout: 10000 });
  await page.waitForFunction(() => true);
  for (let i = 0; i < 50 && tiles.length === 0; i++) await page.waitForTimeout(100);
  assert(tiles.length > 0, 'no IIIF tile was loaded');
  assert(tiles.every((u) => u.includes(`/iiif/${defenseur}/`)), 'tiles of this image');
  const tips = await page.locator('.viewer.zoom [title]').evaluateAll((els) => els.map((e) => e.title));
  assert(['Zoom in', 'Zoom out', 'Whole picture', 'Full screen'].every((t) => tips.includes(t)), 'the buttons\' tooltips come from the page: ' + tips);
  const credit = await page.locator('figcaption.credit').textContent();
  assert(credit.includes('gallica.bnf.fr'), 'credit line beside the picture');
  const srcText = await page.locator('figcaption.credit a.source-link').textContent();
  assert(srcText === 'Gallica: ark:/12148/btv1b8451605w', 'the source link names its archive: ' + srcText);
  const href = await page.locator('a.source').first().getAttribute('href');
  assert(href.startsWith('https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f1'), 'identifier links to Gallica: ' + href);
  await page.screenshot({ path: join(work, 'item.png') });
});

await test('arrow keys follow previous/next', async () => {
  await page.goto(base + `items/${defenseur}/index.html`);
  const next = await page.locator('a[rel="next"]').count();
  const prev = await page.locator('a[rel="prev"]').count();
  assert(next + prev > 0, 'a neighbour link');
  await page.locator('h1').click();
  await page.keyboard.press(next ? 'ArrowRight' : 'ArrowLeft');
  await page.waitForURL((u) => !u.href.includes(`/items/${defenseur}/`), { timeout: 5000 });
});

await test('search loads only the index shards of the words typed', async () => {
  const asked = [];
  const onRequest = (r) => asked.push(new URL(r.url()).pathname);
  page.on('request', onRequest);
  await page.goto(base + 'search/index.html');
  await page.fill('#q', 'défen');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 2);
  page.off('request', onRequest);
  const shards = asked.filter((p) => p.startsWith('/search/t/'));
  // "de" is 64 65 in UTF-8: one shard, one chunk of cards, never the whole index.
  assert(shards.length === 1 && shards[0] === '/search/t/6465.js', 'shards asked: ' + shards);
  // the cards of its two results: one section of the chunks' table, one chunk
  assert(JSON.stringify(asked.filter((p) => p.startsWith('/search/s/'))) === '["/search/s/0.js"]' &&
    asked.filter((p) => p.startsWith('/search/c/')).length === 1, 'card chunks: ' + asked);
  assert(await page.locator('#search-more').isHidden(), 'no "More results" when all are shown');
  assert(!asked.some((p) => p.endsWith('/search/index.json')), 'whole index asked');
  const all = readFileSync(join(coll, 'site', 'search', 'keys.js'), 'utf8');
  assert((all.match(/"/g) || []).length / 2 > 5, 'there are other shards to leave alone: ' + all);
});

await test('search finds an image by title (accents ignored) and by ARK', async () => {
  await page.goto(base + 'search/index.html');
  // Both views of the document titled "Le Défenseur" match its title.
  await page.fill('#q', 'defenseur');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 2);
  const titles = await page.locator('#search-results .t').allTextContents();
  assert(titles.includes('Le Défenseur'), 'title hit: ' + titles);
  await page.fill('#q', 'seine rouen');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 1);
  assert((await page.locator('#search-results .t').textContent()) === 'La Seine à Rouen', 'title hit');
  await page.fill('#q', 'zzzz');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 0);
  await page.fill('#q', 'ark:/12148/bpt6k205233j');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 1);
  assert((await page.locator('#search-results .t').textContent()) === 'La Seine à Rouen', 'ARK hit');
  await page.goto(base + 'search/index.html?q=daumier');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 1);
  await page.fill('#q', '<script>');
  // The list still shows daumier's one hit (Le Défenseur) until the new
  // search lands: wait for another hit (as text or as markup, the check below tells).
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 1 &&
    document.querySelector('#search-results .t').textContent !== 'Le Défenseur');
  assert((await page.locator('#search-results .t').textContent()) === '<script>alert(1)</script>', 'hostile title shown as text');
});

// The collection copied to work/NAME and its site built again from nothing
// with the test-only settings in env (small shards, short pages).
function rebuiltCopy(name, env) {
  const copy = join(work, name);
  execFileSync('cp', ['-a', coll, copy]);
  rmSync(join(copy, 'site'), { recursive: true, force: true });
  execFileSync(PLANCHE, ['build', '--quiet'], { cwd: copy, stdio: 'ignore',
    env: { ...process.env, ...env } });
  return copy;
}

await test('search follows a shard split by longer prefixes (file://)', async () => {
  // The same collection built with a tiny shard budget: the years' "18" is
  // split into "184", "185"..., as it is on a site of many years.
  const coll2 = rebuiltCopy('coll2', { PLANCHE_TEST_SHARD_BUDGET: '80' });
  const keys = readFileSync(join(coll2, 'site', 'search', 'keys.js'), 'utf8');
  assert(keys.includes('"313834'), 'split keys: ' + keys);
  // "18" itself keeps a shard: no word, the list of all its images.
  const s18 = readFileSync(join(coll2, 'site', 'search', 't', '3138.js'), 'utf8');
  assert(s18 === 'plancheSearch.shard("3138",{},[0,1,2]);\n', '"18" shard: ' + s18);
  const site2 = pathToFileURL(join(coll2, 'site')).href + '/';
  await page.goto(site2 + 'search/index.html?q=1845');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 1);
  assert((await page.locator('#search-results .t').textContent()) === 'Le Défenseur', 'year hit');
  const asked = await page.evaluate(() => Array.from(document.querySelectorAll('script[src*="t/"]'),
    (s) => s.getAttribute('src')));
  assert(asked.length === 1 && /^t\/313834[0-9a-f]*\.js$/.test(asked[0]), 'shards asked: ' + asked);
  await page.fill('#q', 'DÉFEN');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 2);
});

await test('search with every list in parts and every prefix split: nothing missed (file://)', async () => {
  // A budget so small that each shard holds one word and a list of two
  // images or more comes in parts of one image: as a year on 5,000 images
  // does on a large site. Positions: Le Défenseur, La Seine à Rouen, <script>.
  const coll3 = rebuiltCopy('coll3', { PLANCHE_TEST_SHARD_BUDGET: '12' });
  const gallica = readFileSync(join(coll3, 'site', 'search', 't', '67616c.js'), 'utf8');
  assert(/"gallica":\{"n":3,"id":"[0-9a-f]{16}","p":\[\[0,0\],\[1,1\],\[2,2\]\]\}/.test(gallica), 'gallica in parts: ' + gallica);
  const site3 = pathToFileURL(join(coll3, 'site')).href + '/';
  const all = ['<script>alert(1)</script>', 'La Seine à Rouen', 'Le Défenseur'];
  async function find(q, want) {
    await page.goto(site3 + 'search/index.html?q=' + encodeURIComponent(q));
    await page.waitForFunction((n) => document.querySelectorAll('#search-results li').length === n &&
      document.getElementById('search-status').textContent !== '', want.length);
    const got = (await page.locator('#search-results .t').allTextContents()).sort();
    assert(JSON.stringify(got) === JSON.stringify(want), `"${q}" found ${JSON.stringify(got)}`);
    return {
      status: await page.locator('#search-status').textContent(),
      parts: await page.evaluate(() => Array.from(document.querySelectorAll('script[src^="p/"]'),
        (sc) => sc.getAttribute('src')))
    };
  }
  // A word on every image, in three parts: all found, counted.
  let r = await find('gallica', all);
  assert(r.status === '3 images match.' && r.parts.length === 3, 'gallica: ' + JSON.stringify(r));
  await find('gall', all);
  // A prefix split into "184", "185", "186", with no word of its own.
  r = await find('18', all);
  assert(r.status === '3 images match.', '18: ' + r.status);
  await find('185', ['<script>alert(1)</script>', 'La Seine à Rouen']); // 1850; "vers 1860" spans 1855
  await find('1845', ['Le Défenseur']);
  await find('le 18', ['<script>alert(1)</script>', 'Le Défenseur']);
  // An AND: the rare word leads, and only the part of gallica's list that
  // could hold its image is loaded.
  r = await find('daumier gallica', ['Le Défenseur']);
  assert(r.parts.length === 1, 'parts for daumier gallica: ' + r.parts);
  await find('seine zzzz', []);
  // One letter finds the word itself ("à"), and the page says so.
  r = await find('a', ['La Seine à Rouen']);
  assert(r.status.includes('one letter'), 'one-letter rule shown: ' + r.status);
});

await test('search shows a page of results at a time, "More results" the next (file://)', async () => {
  // Pages of two results, chunks of one or two cards, sections of two
  // positions, as pages of 24 are on a large site. Positions: Le Défenseur,
  // La Seine à Rouen, <script>.
  const coll4 = rebuiltCopy('coll4', { PLANCHE_TEST_SEARCH_PAGE: '2' });
  const search4 = join(coll4, 'site', 'search');
  const site4 = pathToFileURL(join(coll4, 'site')).href + '/';
  const shown = () => page.locator('#search-results .t').allTextContents();
  const loaded = (dir) => page.evaluate((d) => Array.from(document.querySelectorAll(`script[src^="${d}/"]`),
    (sc) => sc.getAttribute('src')), dir);
  // the ids of the cards in a chunk the page loaded
  const idsIn = (src) => {
    const text = readFileSync(join(search4, src), 'utf8');
    return JSON.parse(text.slice(text.indexOf('['), text.lastIndexOf(')'))).map((c) => c[0]);
  };
  const hrefIds = async () => (await page.locator('#search-results a').evaluateAll((as) =>
    as.map((a) => a.getAttribute('href')))).map((h) => h.split('/')[2]);
  for (const q of ['gallica', '18', 'gallica 18']) {
    await page.goto(site4 + 'search/index.html?q=' + encodeURIComponent(q));
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 2 &&
      document.getElementById('search-status').textContent !== '');
    assert(JSON.stringify(await shown()) === '["Le Défenseur","La Seine à Rouen"]', `"${q}" page 1: ` + await shown());
    assert((await page.locator('#search-status').textContent()) === '3 images match.', `"${q}" count`);
    // only the cards shown: the first section, chunks that hold a result shown
    const first = await hrefIds();
    assert(JSON.stringify(await loaded('s')) === '["s/0.js"]', `"${q}" sections: ` + await loaded('s'));
    for (const src of await loaded('c'))
      assert(idsIn(src).some((id) => first.includes(id)), `"${q}" loaded ${src}, no card of it shown`);
    const more = page.locator('#search-more');
    assert(await more.isVisible() && (await more.textContent()) === 'More results', `"${q}" more button`);
    await more.click();
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 3);
    const titles = await shown();
    assert(JSON.stringify(titles) === '["Le Défenseur","La Seine à Rouen","<script>alert(1)</script>"]',
      `"${q}" after more: ` + titles);
    assert((await page.locator('#search-results .t').nth(2).innerHTML()) === '&lt;script&gt;alert(1)&lt;/script&gt;', 'escaped');
    assert(await more.isHidden(), `"${q}": no more after the last`);
    assert((await page.locator('#search-status').textContent()) === '3 images match.', `"${q}" count after more`);
    assert(JSON.stringify(await loaded('s')) === '["s/0.js","s/1.js"]', `"${q}" sections: ` + await loaded('s'));
    // focus moves to the first new result (keyboard users)
    assert(await page.evaluate(() => document.activeElement ===
      document.querySelectorAll('#search-results a')[2]), `"${q}": focus on the new result`);
    const thumb = await page.locator('#search-results img').nth(2).getAttribute('src');
    assert(existsSync(join(coll4, 'site', thumb.replace(/^\.\.\//, ''))), 'thumbnail exists: ' + thumb);
  }
  // A new query starts again from its first page.
  await page.fill('#q', 'seine');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 1);
  assert(await page.locator('#search-more').isHidden(), 'no more for one result');
  // Without JavaScript: no button, the browse pages instead.
  const c = await browser.newContext({ javaScriptEnabled: false });
  const p = watch(await c.newPage());
  await p.goto(site4 + 'search/index.html?q=gallica');
  assert(await p.locator('#search-more').isHidden(), 'no button without JavaScript');
  assert(await p.locator('noscript').count() === 1, 'the browse links');
  await c.close();
});

await test('without JavaScript the item page shows the large picture', async () => {
  const c = await browser.newContext({ javaScriptEnabled: false });
  const p = watch(await c.newPage());
  await p.goto(base + `items/${defenseur}/index.html`);
  const w = await p.locator('.viewer img').evaluate(async (img) => { await img.decode(); return img.naturalWidth; });
  assert(w > 0, 'picture loaded');
  await c.close();
});

await test('the credit line and the source link are seen without scrolling (1366x768, 390x844)', async () => {
  for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
    for (const javaScriptEnabled of [true, false]) {
      const c = await browser.newContext({ viewport, javaScriptEnabled });
      const p = watch(await c.newPage());
      await p.goto(base + `items/${defenseur}/index.html`);
      if (javaScriptEnabled) await p.waitForSelector('.viewer.zoom .openseadragon-canvas', { timeout: 10000 });
      else await p.locator('.viewer img').evaluate((img) => img.decode());
      const where = `${viewport.width}x${viewport.height}${javaScriptEnabled ? '' : ' without JavaScript'}`;
      for (const sel of ['.credit .credit-line', '.credit .source-link']) {
        const box = await p.locator(sel).boundingBox();
        assert(box && box.height > 0, `${sel} shown at ${where}`);
        assert(box.y >= 0 && box.y + box.height <= viewport.height,
          `${sel} within the first screen at ${where}: bottom ${box && box.y + box.height}`);
      }
      const pic = await p.locator('.viewer').boundingBox();
      assert(pic.height >= 150, `the picture keeps a useful height at ${where}: ${pic.height}`);
      await c.close();
    }
  }
});

await test('before and after: without JavaScript, the original derivative beside the master', async () => {
  const c = await browser.newContext({ javaScriptEnabled: false });
  const p = watch(await c.newPage());
  await p.goto(base + `items/${defenseur}/index.html`);
  const srcs = await p.locator('.compare img').evaluateAll(async (imgs) => {
    await Promise.all(imgs.map((i) => { i.loading = 'eager'; return i.decode(); }));
    return imgs.map((i) => [i.getAttribute('src'), i.naturalWidth, i.alt, i.closest('figure').querySelector('figcaption').textContent,
      i.getBoundingClientRect().left, i.getBoundingClientRect().top]);
  });
  assert(srcs.length === 2, `two pictures: ${JSON.stringify(srcs)}`);
  assert(srcs[0][0].endsWith('/before.jpg') && srcs[0][1] > 0, 'the original, as a derivative');
  assert(srcs[1][1] > 0, 'the master');
  assert(srcs[0][2] === 'Le Défenseur, the original scan' && srcs[1][2] === 'Le Défenseur, cleaned', 'alt texts: ' + srcs.map((x) => x[2]));
  assert(srcs[0][3] === 'Original scan' && srcs[1][3] === 'Cleaned master', 'captions: ' + srcs.map((x) => x[3]));
  assert(srcs[1][4] > srcs[0][4] && Math.abs(srcs[1][5] - srcs[0][5]) < 1, 'side by side: ' + JSON.stringify(srcs));
  assert(await p.locator('.compare .flip').count() === 0, 'no toggle without JavaScript');
  const r = await c.request.get(base + 'no/such/page.html');
  assert(r.status() === 404, 'serve says 404');
  assert((await r.text()).includes('Page not found'), 'with the site\'s 404.html');
  await p.goto(base + '404.html');
  assert((await p.locator('h1').textContent()).trim() === 'Page not found', '404.html');
  // Shown for an address deep in the site, it keeps its stylesheet and its way
  // home. (Not watched: Chromium logs the page's own 404 status as an error.)
  const deep = await c.newPage();
  const failed = [];
  deep.on('response', (res) => { if (res.status() >= 400 && !res.url().endsWith('/no/such/page.html')) failed.push(res.url()); });
  await deep.goto(base + 'items/99999/no/such/page.html');
  const styled = await deep.evaluate(() => getComputedStyle(document.querySelector('header.site')).borderBottomStyle);
  assert(styled === 'solid', 'the 404 page is styled at any depth: ' + styled);
  assert(failed.length === 0, 'the 404 page\'s own files load: ' + failed);
  const home = await deep.locator('main a', { hasText: 'Home' }).evaluate((a) => a.href);
  assert(home === base + 'index.html', 'the 404 page leads home: ' + home);
  await c.close();
});

// What is seen at the middle of the stacked pictures: the image hit there
// (a hidden one is never hit), and both pictures' natural sizes.
async function compareState(p) {
  return await p.evaluate(async () => {
    const imgs = [...document.querySelectorAll('.compare img')];
    await Promise.all(imgs.map((i) => { i.loading = 'eager'; return i.decode(); }));
    const r = document.querySelector('.compare .pair').getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      seen: hit && hit.closest('figure') ? hit.closest('figure').id : null,
      natural: imgs.map((i) => i.naturalWidth),
      pressed: [...document.querySelectorAll('.compare .flip button')].map((b) => b.getAttribute('aria-pressed')),
      hidden: [...document.querySelectorAll('.compare figure')].map((f) => f.getAttribute('aria-hidden')),
    };
  });
}

await test('before and after: with JavaScript, a toggle flips between them in place (mouse, keyboard, touch)', async () => {
  for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
    const c = await browser.newContext({ viewport, hasTouch: true });
    const p = watch(await c.newPage());
    await p.goto(base + `items/${defenseur}/index.html`);
    await p.waitForSelector('.compare .flip button');
    const buttons = p.locator('.compare .flip button');
    const labels = (await buttons.allTextContents()).map((t) => t.trim());
    assert(labels.join('|') === 'Original scan|Cleaned master', 'buttons named after the captions: ' + labels);
    assert(await p.locator('.compare .flip').getAttribute('role') === 'group', 'a labelled group');
    await p.locator('.compare').scrollIntoViewIfNeeded();
    let s = await compareState(p);
    assert(s.natural.length === 2 && s.natural.every((w) => w > 0), 'both pictures loaded: ' + s.natural);
    assert(s.seen === 'before' && s.pressed.join() === 'true,false', 'the original first: ' + JSON.stringify(s));
    assert(s.hidden.join() === ',true', 'the hidden picture is hidden from screen readers too: ' + s.hidden);
    // Both in one place: the pair is one picture wide, not two side by side.
    const [a, b] = await p.locator('.compare figure').evaluateAll((fs) => fs.map((f) => f.getBoundingClientRect().top));
    assert(Math.abs(a - b) < 1, `stacked at one place: ${a} ${b}`);
    // Mouse.
    await buttons.nth(1).click();
    s = await compareState(p);
    assert(s.seen === 'after' && s.pressed.join() === 'false,true', 'a click shows the master: ' + JSON.stringify(s));
    // Keyboard: Shift+Tab from the second button to the first, Space presses it.
    await p.keyboard.press('Shift+Tab');
    assert(await p.evaluate(() => document.activeElement.textContent) === 'Original scan', 'Shift+Tab reaches the first button');
    await p.keyboard.press('Space');
    s = await compareState(p);
    assert(s.seen === 'before' && s.pressed.join() === 'true,false', 'Space shows the original: ' + JSON.stringify(s));
    await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
    s = await compareState(p);
    assert(s.seen === 'after', 'Tab then Enter shows the master: ' + JSON.stringify(s));
    // Touch: a tap on a button, and a tap on the picture flips it.
    await buttons.nth(0).tap();
    assert((await compareState(p)).seen === 'before', 'a tap on the button shows the original');
    await p.locator('#before img').tap();
    assert((await compareState(p)).seen === 'after', 'a tap on the picture shows the other one');
    if (viewport.width === 1366) await p.locator('.compare').screenshot({ path: join(work, 'compare.png') });
    // The credit and source link stay within the first screen.
    await p.evaluate(() => window.scrollTo(0, 0));
    for (const sel of ['.credit .credit-line', '.credit .source-link']) {
      const box = await p.locator(sel).boundingBox();
      assert(box && box.y + box.height <= viewport.height, `${sel} still within the first screen at ${viewport.width}`);
    }
    await c.close();
  }
});

await test('a document page lists its views in order and names its IIIF manifest', async () => {
  await page.goto(base + 'documents/le-defenseur/index.html');
  const hrefs = await page.locator('.grid a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const f2 = byPath['scans/btv1b8451605w_f2.jpg'];
  assert(JSON.stringify(hrefs) === JSON.stringify([`../../items/${defenseur}/index.html`, `../../items/${f2}/index.html`]), 'views in order: ' + hrefs);
  const alt = await page.locator('link[rel="alternate"][href="manifest.json"]').count();
  assert(alt === 1, 'the manifest named in the head');
  const r = await page.request.get(new URL(await page.locator('main a[href="manifest.json"]').getAttribute('href'), page.url()).href);
  const m = await r.json();
  assert(m.type === 'Manifest' && m.items.length === 2, 'the linked manifest has a canvas per view: ' + m.items.length);
});

await test('the site works from file:// (grid images and the viewer)', async () => {
  const c = await browser.newContext();
  const p = watch(await c.newPage());
  await p.goto(pathToFileURL(join(coll, 'site', 'browse', 'index.html')).href);
  const loaded = await p.locator('.grid img').evaluateAll(async (imgs) => {
    await Promise.all(imgs.map((i) => { i.loading = 'eager'; return i.decode().catch(() => null); }));
    return imgs.filter((i) => i.naturalWidth > 0).length;
  });
  assert(loaded === 3, `grid images loaded from file://: ${loaded}`);
  await p.goto(pathToFileURL(join(coll, 'site', 'items', String(defenseur), 'index.html')).href);
  await p.waitForSelector('.viewer.zoom .openseadragon-canvas', { timeout: 10000 });
  await c.close();
});

await test('axe-core: no serious or critical violations', async () => {
  const pages = ['index.html', 'browse/index.html', `items/${defenseur}/index.html`, 'search/index.html',
    'creators/index.html', 'tags/justice/index.html'];
  const problems = [];
  for (const p of pages) {
    for (const v of await axe(base + p)) problems.push(`${p}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target).join(' ')}`);
  }
  assert(problems.length === 0, problems.join('\n'));
});

await test('no request left the site', async () => {
  assert(outside.length === 0, 'requests to other hosts: ' + outside.join(', '));
});

await test('no console error', async () => {
  assert(consoleErrors.length === 0, consoleErrors.join('\n'));
});

await browser.close();
server.kill();
if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
else console.log('kept ' + work);
console.log(`${h.passed} passed, ${h.failed} failed`);
process.exit(h.failed ? 1 : 0);
