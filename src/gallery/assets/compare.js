/* planche gallery: before and after, in place. The page shows the original
 * and the cleaned master side by side; this script stacks them in one place
 * and adds a pair of toggle buttons (named after the pictures' captions, so
 * nothing here needs translating) to flip between them. Tapping or clicking
 * the picture flips it too. Without this script the two pictures stay side
 * by side. */
(function () {
  'use strict';
  function start() {
    var section = document.querySelector('.compare');
    var pair = section && section.querySelector('.pair');
    var figs = pair ? [document.getElementById('before'), document.getElementById('after')] : [];
    if (!figs[0] || !figs[1] || !figs[0].querySelector('figcaption') || !figs[1].querySelector('figcaption')) return;
    var group = document.createElement('div');
    group.className = 'flip';
    group.setAttribute('role', 'group');
    var heading = section.querySelector('h2');
    if (heading && heading.id) group.setAttribute('aria-labelledby', heading.id);
    var buttons = figs.map(function (fig, i) {
      var b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('aria-controls', fig.id);
      b.textContent = fig.querySelector('figcaption').textContent;
      b.addEventListener('click', function () { show(i); });
      group.appendChild(b);
      return b;
    });
    var shown = 0;
    function show(i) {
      shown = i;
      figs.forEach(function (fig, j) {
        fig.classList.toggle('off', j !== i);
        if (j === i) fig.removeAttribute('aria-hidden');
        else fig.setAttribute('aria-hidden', 'true');
        buttons[j].setAttribute('aria-pressed', j === i ? 'true' : 'false');
      });
    }
    // A tap on the picture flips to the other one.
    figs.forEach(function (fig) {
      var img = fig.querySelector('img');
      if (img) img.addEventListener('click', function () { show(1 - shown); });
    });
    pair.parentNode.insertBefore(group, pair);
    pair.classList.add('stacked');
    show(0);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
