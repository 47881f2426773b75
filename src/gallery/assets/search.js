/* planche gallery: search in the browser. Every word typed must begin a word
 * of the image's title, creator, date, document, tags or identifiers (ARK,
 * URL); accents and case are ignored. A one-letter word finds only that word
 * (prefix matching starts at two letters). The index is split (search.c): the
 * page loads the list of shards (search/keys.js), then for each word only the
 * shard of its longest listed prefix (two letters, more where a prefix had
 * too many words: "1830" in "183"), search/t/*.js, and the chunks of the
 * cards it shows, search/c/*.js (below): scripts, so that it works from file://
 * too. A split prefix's shard keeps the list of all its images, so "18"
 * finds every "18..." word whatever the split. A long list of images (a
 * common word) comes in parts, search/p/*.js, loaded only as far as the page
 * needs: a page of results (24), the others checked against them. The
 * results show a page at a time, "More results" the next: a page loads the
 * cards of its results only, from small chunks, search/c/ID.js, found in
 * the sections of their table, search/s/K.js. */
(function () {
  'use strict';
  var shards = {}; // key -> {words: {word: LIST}, prefix: LIST or undefined}
  var parts = {}; // part name -> [positions]
  var chunks = {}; // chunk name (its first item's id) -> [cards]
  var sections = {}; // section number -> [start, chunk name, ...]
  var waiting = {}; // script src -> [callbacks]
  var existing = null; // shard keys there are (search/keys.js)
  var PAGE = 24; // results a page shows (search.c)
  var SECTION = 512; // positions a section of the chunks' table covers
  window.plancheSearch = {
    keys: function (keys, page, section) {
      existing = {};
      keys.forEach(function (k) { existing[k] = true; });
      PAGE = page;
      SECTION = section;
    },
    shard: function (key, words, prefix) { shards[key] = { words: words, prefix: prefix }; },
    part: function (n, positions) { parts[n] = positions; },
    cards: function (name, cards) { chunks[name] = cards; },
    section: function (k, table) { sections[k] = table; }
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
  // A LIST (search.c) is [positions] or {n: count, id: ID, p: [[first, last]]},
  // part I of the latter in search/p/ID-I.js.
  function count(list) { return Array.isArray(list) ? list.length : list.n; }
  // First index of a sorted array whose value is >= p.
  function lowerBound(a, p) {
    var lo = 0, hi = a.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (a[mid] < p) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  // The first position >= p in list: a number (Infinity past the end), or
  // {need: [scripts], lo: a bound it is >= to} when it is in a part not loaded.
  function seek(list, p) {
    var a = list;
    if (!Array.isArray(list)) {
      var ps = list.p;
      var lo = 0, hi = ps.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (ps[mid][1] < p) lo = mid + 1; else hi = mid;
      }
      if (lo === ps.length) return Infinity;
      var name = list.id + '-' + lo;
      a = parts[name];
      if (!a) return { need: ['p/' + name + '.js'], lo: Math.max(p, ps[lo][0]) };
    }
    var i = lowerBound(a, p);
    return i < a.length ? a[i] : Infinity;
  }
  // The same over the lists of a word's matches (their union).
  function seekAny(lists, p) {
    var best = Infinity, missing = [];
    lists.forEach(function (l) {
      var x = seek(l, p);
      if (typeof x === 'number') best = Math.min(best, x); else missing.push(x);
    });
    // A part not loaded matters only if it may hold a position before best.
    missing = missing.filter(function (m) { return m.lo < best; });
    if (!missing.length) return best;
    return { need: [].concat.apply([], missing.map(function (m) { return m.need; })),
      lo: Math.min.apply(null, missing.map(function (m) { return m.lo; })) };
  }
  // The lists of the images with a word beginning with w: the prefix's own
  // list when w is a split prefix, else those of the shard's words.
  function listsOf(w) {
    var k = keyOf(w);
    var shard = k && shards[k];
    if (!shard) return [];
    if (shard.prefix && k === hexOf(w)) return [shard.prefix];
    return Object.keys(shard.words).filter(function (word) {
      return word.lastIndexOf(w, 0) === 0;
    }).map(function (word) { return shard.words[word]; });
  }
  // Positions in every word's lists (an AND of ORs), ascending, walked from
  // st.p: the rarest word leads, each other one is asked only whether it
  // holds the lead's next position. Returns the scripts it needs next, or
  // null once it has seen all (st.done) or has limit positions.
  function walk(terms, st, limit) {
    while (st.found.length < limit) {
      var x = seekAny(terms[0], st.p);
      if (typeof x !== 'number') return x.need;
      if (x === Infinity) { st.done = true; return null; }
      var next = x;
      for (var i = 1; i < terms.length && next === x; i++) {
        var y = seekAny(terms[i], x);
        if (typeof y !== 'number') {
          if (y.lo === x) return y.need;
          y = y.lo; // not here: go on from where it could be
        }
        if (y === Infinity) { st.done = true; return null; }
        next = y;
      }
      if (next === x) { st.found.push(x); st.p = x + 1; } else st.p = next;
    }
    return null;
  }
  // The chunk that holds position p, [name, its first position], once its
  // section is loaded: the last chunk starting at or before p.
  function chunkOf(p) {
    var t = sections[Math.floor(p / SECTION)];
    if (!t) return null;
    var lo = 0, hi = t.length / 2;
    while (hi - lo > 1) {
      var mid = (lo + hi) >> 1;
      if (t[2 * mid] <= p) lo = mid; else hi = mid;
    }
    return t.length ? [t[2 * lo + 1], t[2 * lo]] : null;
  }
  function card(p) {
    var c = chunkOf(p);
    var r = c && chunks[c[0]] && chunks[c[0]][p - c[1]];
    return r && { id: r[0], title: r[1], creator: r[2], date: r[3], alt: r[4],
      thumb: 'media/' + r[0] + '/' + r[5] + '.jpg', w: r[5], h: r[6] };
  }
  // Loads the cards of positions: the sections of the table, then the chunks.
  function loadCards(positions, done) {
    var need = {};
    positions.forEach(function (p) { need['s/' + Math.floor(p / SECTION) + '.js'] = true; });
    loadAll(Object.keys(need), function () {
      var files = {};
      positions.forEach(function (p) {
        var c = chunkOf(p);
        if (c) files['c/' + encodeURIComponent(c[0]) + '.js'] = true;
      });
      loadAll(Object.keys(files), done);
    });
  }
  function render(list, cards) {
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
    var more = document.getElementById('search-more');
    if (!input || !list || !more || !existing) return;
    var asked = 0;
    function run() {
      var ws = words(input.value);
      var mine = ++asked;
      more.hidden = true;
      if (!ws.length) { list.textContent = ''; status.textContent = ''; return; }
      var keys = {};
      ws.forEach(function (w) {
        var k = keyOf(w);
        if (k) keys['t/' + k + '.js'] = true;
      });
      loadAll(Object.keys(keys), function () {
        if (mine !== asked) return; // typed on meanwhile
        var terms = ws.map(listsOf);
        if (terms.some(function (t) { return !t.length; })) {
          list.textContent = '';
          say(0, true);
          return;
        }
        terms.sort(function (a, b) {
          return a.reduce(function (s, l) { return s + count(l); }, 0) -
            b.reduce(function (s, l) { return s + count(l); }, 0);
        });
        var single = terms.length === 1 && terms[0].length === 1;
        var st = { p: 0, found: [], done: false };
        var shown = 0;
        // Shows the next page of results: finds them, loading the parts
        // they need, then loads their cards.
        function page() {
          more.disabled = true;
          (function step() {
            if (mine !== asked) return;
            var need = walk(terms, st, shown + PAGE);
            // (a part that failed to load stops the walk where it is)
            if (need && !need.every(function (src) { return waiting[src] === true; })) {
              loadAll(need, step);
              return;
            }
            // the count, as far as what is loaded tells
            if (!need && !st.done) walk(terms, st, Infinity);
            var next = st.found.slice(shown, shown + PAGE);
            loadCards(next, function () {
              if (mine !== asked) return;
              if (!shown) list.textContent = '';
              var first = list.children.length;
              render(list, next.map(card).filter(function (c) { return c; }));
              shown += next.length;
              var total = single ? count(terms[0][0]) : st.found.length;
              var exact = single || st.done;
              say(total, exact);
              more.hidden = !next.length || (exact && shown >= total);
              more.disabled = false;
              // after "More results", on to the first new one
              if (first && list.children[first]) list.children[first].querySelector('a').focus();
            });
          })();
        }
        more.onclick = page;
        page();
      });
      function say(total, exact) {
        status.textContent = !exact ? text.dataset.more.replace('%d', String(total))
          : total === 0 ? text.dataset.none
            : total === 1 ? text.dataset.one
              : text.dataset.many.replace('%d', String(total));
        if (ws.some(function (w) { return Array.from(w).length === 1; })) {
          status.textContent += ' ' + text.dataset.short;
        }
      }
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
