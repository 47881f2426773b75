/* planche gallery: the deep-zoom viewer. The page carries the IIIF info.json
 * of its tiles; the service id is made absolute from the page's own address
 * so that the site works from any folder, a sub-path or file://. Without
 * this script (or OpenSeadragon) the page shows the large picture. */
(function () {
  'use strict';
  function start() {
    var el = document.getElementById('viewer');
    var data = document.getElementById('iiif-info');
    if (!el || !data || !window.OpenSeadragon) return;
    var info;
    try { info = JSON.parse(data.textContent); } catch (e) { return; }
    info.id = new URL(el.getAttribute('data-tiles'), document.baseURI).href.replace(/\/$/, '');
    info['@id'] = undefined;
    el.classList.add('zoom');
    // The buttons' tooltips in the page's language, from the page.
    [['ZoomIn', 'zoom-in'], ['ZoomOut', 'zoom-out'], ['Home', 'home'], ['FullPage', 'full-page']].forEach(function (t) {
      var text = el.getAttribute('data-tip-' + t[1]);
      if (text) window.OpenSeadragon.setString('Tooltips.' + t[0], text);
    });
    var viewer = window.OpenSeadragon({
      element: el,
      prefixUrl: el.getAttribute('data-images'),
      tileSources: [info],
      showNavigator: true,
      navigatorPosition: 'BOTTOM_RIGHT',
      showRotationControl: false,
      crossOriginPolicy: false,
      gestureSettingsMouse: { clickToZoom: false },
      visibilityRatio: 0.8,
      minZoomImageRatio: 0.8
    });
    var canvas = el.querySelector('.openseadragon-canvas');
    if (canvas) {
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', el.getAttribute('data-label') || '');
    }
    viewer.addHandler('open-failed', function () {
      el.classList.remove('zoom');
      viewer.destroy();
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
