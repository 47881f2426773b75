/* planche gallery: search in the browser over search/index.js (the same JSON
 * as search/index.json). Every term must match a title, creator, tag,
 * identifier (ARK, URL), date or document; accents and case are ignored. */
(function () {
  'use strict';
  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function haystack(it) {
    return fold([it.title, it.creator, it.date, it.document, (it.tags || []).join(' '),
      (it.ids || []).join(' '), (it.years || []).filter(function (y) { return y; }).join(' ')].join(' \u0001 '));
  }
  function render(list, items, text) {
    list.textContent = '';
    items.slice(0, 200).forEach(function (it) {
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
    var index = window.plancheIndex;
    var input = document.getElementById('q');
    var list = document.getElementById('search-results');
    var status = document.getElementById('search-status');
    var text = document.getElementById('search-text');
    if (!index || !input || !list) return;
    var items = index.items.map(function (it) { it.hay = haystack(it); return it; });
    function run() {
      var terms = fold(input.value).split(/\s+/).filter(function (t) { return t; });
      if (!terms.length) { list.textContent = ''; status.textContent = ''; return; }
      var found = items.filter(function (it) {
        return terms.every(function (t) { return it.hay.indexOf(t) >= 0; });
      });
      render(list, found);
      var msg = found.length === 0 ? text.dataset.none : found.length === 1 ? text.dataset.one
        : text.dataset.many.replace('%d', String(found.length));
      status.textContent = msg;
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
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
