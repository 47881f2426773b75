/* planche gallery: keyboard paging. Left and right arrows follow the page's
 * rel="prev" and rel="next" links, unless typing or using the zoom viewer. */
(function () {
  'use strict';
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName))) return;
    if (t && t.closest && t.closest('.viewer')) return;
    var rel = e.key === 'ArrowLeft' ? 'prev' : e.key === 'ArrowRight' ? 'next' : null;
    if (!rel) return;
    var link = document.querySelector('link[rel="' + rel + '"], a[rel="' + rel + '"]');
    if (link && link.href) window.location.href = link.href;
  });
})();
