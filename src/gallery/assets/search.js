/* planche gallery: search in the browser. Every word typed must begin a word
 * of the image's title, creator, date, document, tags or identifiers (ARK,
 * URL); accents and case are ignored. The index is split (search.c): the
 * page loads the list of shards (search/keys.js), then for each word only the
 * shard of its longest listed prefix (two letters, more where a prefix had
 * too many words: "1830" in "183"), search/t/*.js, and the chunks of the
 * cards it shows, search/items-*.js: scripts, so that it works from file://
 * too. A word shorter than its prefix's split ("18" once "18" is split) finds
 * only itself, as a one-letter word always did. */
(function () {
  'use strict';
  var shards = {}; // key -> {word: [positions]}
  var chunks = {}; // chunk number -> [cards]
  var waiting = {}; // script src -> [callbacks]
  var existing = null; // shard keys there are (search/keys.js)
  var ITEMS_PER_CHUNK = 500;
  window.plancheSearch = {
    keys: function (keys, perChunk) {
      existing = {};
      keys.forEach(function (k) { existing[k] = true; });
      ITEMS_PER_CHUNK = perChunk;
    },
    shard: function (key, words) { shards[key] = words; },
    items: function (n, cards) { chunks[n] = cards; }
  };
  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w; });
  }
  function hexOf(s) {
    return Array.from(new TextEncoder().encode(s)).map(function (b) {
      return (b < 16 ? '0' : '') + b.toString(16);
    }).join('');
  }
  // The shard that holds the words beginning with word: its longest prefix
  // with a shard (search.c splits a big shard by longer prefixes).
  function keyOf(word) {
    var chars = Array.from(word);
    for (var n = chars.length; n > 0; n--) {
      var k = hexOf(chars.slice(0, n).join(''));
      if (existing && existing[k]) return k;
    }
    return null;
  }
  // Loads src once; calls done when it ran or failed.
  function load(src, done) {
    if (waiting[src] === true) { done(); return; }
    if (waiting[src]) { waiting[src].push(done); return; }
    waiting[src] = [done];
    var s = document.createElement('script');
    s.src = src;
    s.onload = s.onerror = function () {
      var calls = waiting[src];
      waiting[src] = true;
      calls.forEach(function (f) { f(); });
    };
    document.head.appendChild(s);
  }
  function loadAll(srcs, done) {
    var left = srcs.length;
    if (!left) { done(); return; }
    srcs.forEach(function (src) { load(src, function () { if (--left === 0) done(); }); });
  }
  // The positions of the images with a word beginning with w, sorted.
  function matches(w) {
    var k = keyOf(w);
    var shard = (k && shards[k]) || {};
    var set = {};
    Object.keys(shard).forEach(function (word) {
      if (word.lastIndexOf(w, 0) === 0) shard[word].forEach(function (p) { set[p] = true; });
    });
    return Object.keys(set).map(Number).sort(function (a, b) { return a - b; });
  }
  function intersect(a, b) {
    var inB = {};
    b.forEach(function (p) { inB[p] = true; });
    return a.filter(function (p) { return inB[p]; });
  }
  function card(p) {
    var c = chunks[Math.floor(p / ITEMS_PER_CHUNK)];
    var r = c && c[p % ITEMS_PER_CHUNK];
    return r && { id: r[0], title: r[1], creator: r[2], date: r[3], thumb: r[4], alt: r[5],
      w: r[6], h: r[7] };
  }
  function render(list, cards) {
    list.textContent = '';
    cards.forEach(function (it) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '../items/' + encodeURIComponent(it.id) + '/index.html';
      var pic = document.createElement('picture');
      var img = document.createElement('img');
      img.src = '../' + it.thumb;
      img.width = it.w;
      img.height = it.h;
      img.alt = it.alt || it.title;
      img.loading = 'lazy';
      pic.appendChild(img);
      a.appendChild(pic);
      var cap = document.createElement('span');
      cap.className = 'caption';
      var t = document.createElement('span');
      t.className = 't';
      t.textContent = it.title;
      cap.appendChild(t);
      var meta = [it.creator, it.date].filter(function (x) { return x; }).join(', ');
      if (meta) {
        var m = document.createElement('span');
        m.className = 'm';
        m.textContent = meta;
        cap.appendChild(m);
      }
      a.appendChild(cap);
      li.appendChild(a);
      list.appendChild(li);
    });
  }
  function start() {
    var input = document.getElementById('q');
    var list = document.getElementById('search-results');
    var status = document.getElementById('search-status');
    var text = document.getElementById('search-text');
    if (!input || !list || !existing) return;
    var asked = 0;
    function run() {
      var ws = words(input.value);
      var mine = ++asked;
      if (!ws.length) { list.textContent = ''; status.textContent = ''; return; }
      var keys = {};
      ws.forEach(function (w) {
        var k = keyOf(w);
        if (k) keys['t/' + k + '.js'] = true;
      });
      loadAll(Object.keys(keys), function () {
        if (mine !== asked) return; // typed on meanwhile
        var found = ws.map(matches).reduce(intersect);
        var shown = found.slice(0, 200);
        var need = {};
        shown.forEach(function (p) { need['items-' + Math.floor(p / ITEMS_PER_CHUNK) + '.js'] = true; });
        loadAll(Object.keys(need), function () {
          if (mine !== asked) return;
          render(list, shown.map(card).filter(function (c) { return c; }));
          status.textContent = found.length === 0 ? text.dataset.none
            : found.length === 1 ? text.dataset.one
              : text.dataset.many.replace('%d', String(found.length));
        });
      });
    }
    var q = new URLSearchParams(window.location.search).get('q');
    if (q) input.value = q;
    input.addEventListener('input', run);
    document.getElementById('search-form').addEventListener('submit', function (e) {
      e.preventDefault();
      run();
      var url = new URL(window.location.href);
      url.searchParams.set('q', input.value);
      try { window.history.replaceState(null, '', url.href); } catch (err) { /* file:// */ }
    });
    run();
  }
  // After the deferred search/keys.js, which follows this script.
  if (document.readyState === 'complete') start();
  else document.addEventListener('DOMContentLoaded', start);
})();
