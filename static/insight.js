// insight.js — the insight pages without a reload: the progress of a
// computation under way (polls GET /api/v1/insight/runs/current every 2 s,
// reloads the page when it is done) and pan/zoom of the network pictures (buttons,
// keyboard, wheel, dragging) by changing the SVG's viewBox. Without
// JavaScript the pages show a Refresh link and the whole picture.
(function () {
  'use strict';

  // ---- progress of a computation ----
  var run = document.querySelector('[data-insight-run]');
  if (run) {
    var bar = run.querySelector('[data-run-progress]');
    var phase = run.querySelector('[data-run-phase]');
    var percent = run.querySelector('[data-run-percent]');
    var seen = false;
    var poll = function () {
      fetch('/api/v1/insight/runs/current', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) {
          // nothing queued or running any more: the new figures are there
          if (r.status === 404) { if (seen) location.reload(); return null; }
          if (!r.ok) return null;
          return r.json();
        })
        .then(function (j) {
          if (!j) return;
          // {"run": null}: nothing queued or running any more (docs/api.md)
          if (j.run === null) { location.reload(); return; }
          var o = j.run || j;
          if (typeof o.progress !== 'number') return;
          seen = true;
          if (o.status === 'done' || o.status === 'failed') { location.reload(); return; }
          bar.value = o.progress;
          bar.textContent = o.progress + ' %';
          if (percent) percent.textContent = o.progress;
          if (phase && o.phase_text) phase.textContent = o.phase_text;
          setTimeout(poll, 2000);
        })
        .catch(function () { /* the Refresh link still works */ });
    };
    setTimeout(poll, 1500);
  }

  // ---- pan and zoom ----
  document.querySelectorAll('[data-zoom]').forEach(function (box) {
    var svg = box.querySelector('svg');
    var controls = box.querySelector('[data-zoom-controls]');
    if (!svg || !controls) return;
    var full = svg.getAttribute('viewBox').split(/\s+/).map(Number);
    var view = full.slice();
    controls.hidden = false;
    svg.setAttribute('tabindex', '0');
    svg.setAttribute('focusable', 'true');

    var apply = function () {
      // never smaller than a 12th, never outside the picture by more than half
      view[2] = Math.min(full[2], Math.max(full[2] / 12, view[2]));
      view[3] = view[2] * full[3] / full[2];
      view[0] = Math.min(full[0] + full[2] - view[2] / 2, Math.max(full[0] - view[2] / 2, view[0]));
      view[1] = Math.min(full[1] + full[3] - view[3] / 2, Math.max(full[1] - view[3] / 2, view[1]));
      svg.setAttribute('viewBox', view.map(function (v) { return v.toFixed(1); }).join(' '));
      box.dataset.zoom = (full[2] / view[2]).toFixed(2);
    };
    var zoom = function (f, cx, cy) {
      if (cx === undefined) { cx = view[0] + view[2] / 2; cy = view[1] + view[3] / 2; }
      var w = view[2] / f, h = view[3] / f;
      if (w > full[2]) { w = full[2]; h = full[3]; }
      view[0] = cx - (cx - view[0]) * w / view[2];
      view[1] = cy - (cy - view[1]) * h / view[3];
      view[2] = w;
      view[3] = h;
      apply();
    };
    var pan = function (dx, dy) {
      view[0] += dx * view[2] * 0.2;
      view[1] += dy * view[3] * 0.2;
      apply();
    };
    var moves = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] };
    controls.addEventListener('click', function (e) {
      var b = e.target.closest('button');
      if (!b) return;
      if (b.hasAttribute('data-zoom-in')) zoom(1.5);
      else if (b.hasAttribute('data-zoom-out')) zoom(1 / 1.5);
      else if (b.hasAttribute('data-zoom-reset')) { view = full.slice(); apply(); }
      else if (moves[b.dataset.zoomPan]) pan(moves[b.dataset.zoomPan][0], moves[b.dataset.zoomPan][1]);
    });
    svg.addEventListener('keydown', function (e) {
      var k = e.key;
      if (k === '+' || k === '=') zoom(1.5);
      else if (k === '-') zoom(1 / 1.5);
      else if (k === '0') { view = full.slice(); apply(); }
      else if (k === 'ArrowLeft') pan(-1, 0);
      else if (k === 'ArrowRight') pan(1, 0);
      else if (k === 'ArrowUp') pan(0, -1);
      else if (k === 'ArrowDown') pan(0, 1);
      else return;
      e.preventDefault();
    });
    var toSvg = function (e) {
      var r = svg.getBoundingClientRect();
      return [view[0] + (e.clientX - r.left) / r.width * view[2], view[1] + (e.clientY - r.top) / r.height * view[3]];
    };
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = toSvg(e);
      zoom(e.deltaY < 0 ? 1.25 : 1 / 1.25, p[0], p[1]);
    }, { passive: false });
    var drag = null;
    svg.addEventListener('pointerdown', function (e) {
      drag = { x: e.clientX, y: e.clientY, v0: view[0], v1: view[1] };
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener('pointermove', function (e) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      view[0] = drag.v0 - (e.clientX - drag.x) / r.width * view[2];
      view[1] = drag.v1 - (e.clientY - drag.y) / r.height * view[3];
      apply();
    });
    var end = function () { drag = null; };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
  });
})();
