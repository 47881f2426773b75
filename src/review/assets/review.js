// planche review: drag the content box on the original, nudge the angle and
// save without leaving the page. The overlay's viewBox is the original's size,
// so every coordinate here is in the original's pixels, as crop= expects.
(function () {
  'use strict';
  var form = document.getElementById('corrections');
  if (!form) return;
  var svg = document.getElementById('overlay');
  var box = document.getElementById('content-box');
  var crop = document.getElementById('crop');
  var angle = document.getElementById('angle');
  var status = document.getElementById('status');
  var meta = document.querySelector('meta[name="review-token"]');
  var token = meta ? meta.getAttribute('content') : '';
  var MIN = 16;

  function num(el, name) { return parseFloat(el.getAttribute(name)) || 0; }
  function getBox() {
    return { x: num(box, 'x'), y: num(box, 'y'), w: num(box, 'width'), h: num(box, 'height') };
  }
  function bounds() {
    var vb = svg.viewBox.baseVal;
    return { w: vb.width, h: vb.height };
  }
  function setBox(b, write) {
    box.setAttribute('x', b.x);
    box.setAttribute('y', b.y);
    box.setAttribute('width', b.w);
    box.setAttribute('height', b.h);
    var hs = svg.querySelectorAll('.handle');
    var corners = { nw: [b.x, b.y], ne: [b.x + b.w, b.y], se: [b.x + b.w, b.y + b.h], sw: [b.x, b.y + b.h] };
    hs.forEach(function (h) {
      var c = corners[h.classList[1]];
      var s = num(h, 'width');
      h.setAttribute('x', c[0] - s / 2);
      h.setAttribute('y', c[1] - s / 2);
    });
    if (write) {
      crop.value = [b.x, b.y, b.w, b.h].map(function (v) { return Math.round(v); }).join(',');
    }
  }
  function toSvg(e) {
    var pt = svg.createSVGPoint();
    pt.x = e.clientX;
    pt.y = e.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }

  if (svg && box && crop) {
    var drag = null;
    svg.addEventListener('pointerdown', function (e) {
      var t = e.target;
      var mode = t === box ? 'move' : (t.classList.contains('handle') ? t.classList[1] : null);
      if (!mode) return;
      e.preventDefault();
      svg.setPointerCapture(e.pointerId);
      drag = { mode: mode, start: toSvg(e), box: getBox() };
    });
    svg.addEventListener('pointermove', function (e) {
      if (!drag) return;
      var p = toSvg(e), lim = bounds();
      var dx = p.x - drag.start.x, dy = p.y - drag.start.y, b = drag.box;
      var x0 = b.x, y0 = b.y, x1 = b.x + b.w, y1 = b.y + b.h;
      if (drag.mode === 'move') {
        dx = Math.min(Math.max(dx, -x0), lim.w - x1);
        dy = Math.min(Math.max(dy, -y0), lim.h - y1);
        x0 += dx; x1 += dx; y0 += dy; y1 += dy;
      } else {
        if (drag.mode.indexOf('w') >= 0) x0 = Math.min(Math.max(0, x0 + dx), x1 - MIN);
        if (drag.mode.indexOf('e') >= 0) x1 = Math.max(Math.min(lim.w, x1 + dx), x0 + MIN);
        if (drag.mode.indexOf('n') >= 0) y0 = Math.min(Math.max(0, y0 + dy), y1 - MIN);
        if (drag.mode.indexOf('s') >= 0) y1 = Math.max(Math.min(lim.h, y1 + dy), y0 + MIN);
      }
      setBox({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, true);
    });
    var end = function () { drag = null; };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    // Arrow keys move the box by a hundredth of the image; with Shift they
    // move its bottom-right corner.
    box.addEventListener('keydown', function (e) {
      var d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
      if (!d) return;
      e.preventDefault();
      var lim = bounds(), b = getBox();
      var sx = d[0] * lim.w / 100, sy = d[1] * lim.h / 100;
      if (e.shiftKey) {
        b.w = Math.max(MIN, Math.min(lim.w - b.x, b.w + sx));
        b.h = Math.max(MIN, Math.min(lim.h - b.y, b.h + sy));
      } else {
        b.x = Math.max(0, Math.min(lim.w - b.w, b.x + sx));
        b.y = Math.max(0, Math.min(lim.h - b.h, b.y + sy));
      }
      setBox(b, true);
    });
    crop.addEventListener('change', function () {
      var v = crop.value.split(',').map(Number);
      if (v.length === 4 && v.every(isFinite) && v[2] > 0 && v[3] > 0) {
        setBox({ x: v[0], y: v[1], w: v[2], h: v[3] }, false);
      }
    });
  }

  document.querySelectorAll('button[data-nudge]').forEach(function (b) {
    b.addEventListener('click', function () {
      var cur = parseFloat(angle.value !== '' ? angle.value : angle.placeholder) || 0;
      var next = Math.max(-45, Math.min(45, cur + parseFloat(b.getAttribute('data-nudge'))));
      angle.value = String(Math.round(next * 100) / 100);
    });
  });

  function show(data) {
    var master = document.getElementById('master');
    if (master && data.master) {
      master.src = data.master.url;
      var size = document.getElementById('master-size');
      if (size) size.textContent = data.master.width + ' × ' + data.master.height;
    } else if (!data.master) {
      window.location.reload();
      return;
    }
    var list = document.getElementById('reasons');
    if (list) {
      list.textContent = '';
      data.reasons.forEach(function (r) {
        var li = document.createElement('li');
        li.textContent = r;
        list.appendChild(li);
      });
    }
    var region = document.getElementById('region');
    if (region && data.region) {
      region.setAttribute('points', data.region.map(function (p) { return p.join(','); }).join(' '));
    }
    if (box && data.content) {
      setBox({ x: data.content[0], y: data.content[1], w: data.content[2], h: data.content[3] }, false);
    }
    var shown = document.getElementById('angle-shown');
    if (shown) shown.textContent = String(Math.round(data.angle * 100) / 100);
  }

  var pipeline = document.getElementById('pipeline');
  var pipelineAtLoad = pipeline ? pipeline.value : '';

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    var save = document.getElementById('save');
    save.disabled = true;
    status.textContent = 'Saving and cleaning again…';
    fetch(form.getAttribute('action'), {
      method: 'POST',
      headers: { 'Accept': 'application/json', 'X-Review-Token': token },
      body: body,
      credentials: 'same-origin'
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (res) {
      if (!res.ok) throw new Error(res.data.error || 'the server refused the save');
      // Another pipeline has other steps to switch off: the page is redrawn.
      if (pipeline && pipeline.value !== pipelineAtLoad) {
        window.location.reload();
        return;
      }
      show(res.data);
      status.textContent = res.data.error ? 'Saved, but cleaning failed: ' + res.data.error : 'Saved.';
    }).catch(function (err) {
      status.textContent = 'Not saved: ' + err.message;
    }).then(function () {
      save.disabled = false;
    });
  });
})();
