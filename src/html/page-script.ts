/**
 * The report's only script: the hover readout. It reads the bucket data from the page's
 * `<script type="application/json" id="td-data">` block, moves a cursor line across every chart
 * at once (one shared time axis) and shows the snapshot — or, for a downsampled bucket, the
 * min–max of every metric over its rows — in a floating box. Text goes in with `textContent`
 * only, so hostile comms stay text. Plain ES2017 so it runs in any browser; without it the
 * charts, markers (native tooltips) and tables still work.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var node = document.getElementById('td-data');
  var box = document.getElementById('readout');
  if (!node || !box) return;
  var d = JSON.parse(node.textContent);
  if (!d.px.length) return;
  var W = d.viewWidth;
  var cursors = document.querySelectorAll('figure.chart .cursor');
  function nearest(x) {
    var lo = 0, hi = d.px.length - 1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (d.px[mid] < x) lo = mid + 1; else hi = mid; }
    if (lo > 0 && Math.abs(d.px[lo - 1] - x) <= Math.abs(d.px[lo] - x)) lo--;
    return lo;
  }
  function kb(v) { return v < 1024 ? v + ' KiB' : v < 1048576 ? (v / 1024).toFixed(1) + ' MiB' : (v / 1048576).toFixed(2) + ' GiB'; }
  function num(v) { return String(Math.round(v * 100) / 100); }
  function span(k, i, fmt) {
    var lo = d.min[k][i], hi = d.max[k][i];
    if (lo === null || hi === null) return '—';
    return lo === hi ? fmt(lo) : fmt(lo) + ' – ' + fmt(hi);
  }
  function time(t) { return t === null ? '—' : new Date(t).toISOString().replace('T', ' ').replace('Z', ' UTC'); }
  function row(dl, k, v) {
    var dt = document.createElement('dt'); dt.textContent = k;
    var dd = document.createElement('dd'); dd.textContent = v;
    dl.appendChild(dt); dl.appendChild(dd);
  }
  function show(i, e) {
    for (var c = 0; c < cursors.length; c++) { cursors[c].setAttribute('x1', d.px[i]); cursors[c].setAttribute('x2', d.px[i]); }
    var rows = d.seq1[i] - d.seq0[i] + 1;
    box.textContent = '';
    var head = document.createElement('div'); head.className = 'head';
    head.textContent = rows === 1 ? 'snapshot #' + d.seq0[i] : 'snapshots #' + d.seq0[i] + '–#' + d.seq1[i] + ' (' + rows + ', min – max)';
    box.appendChild(head);
    var dl = document.createElement('dl');
    row(dl, 'time', rows === 1 || d.t0[i] === d.t1[i] ? time(d.t0[i]) : time(d.t0[i]) + ' → ' + time(d.t1[i]).slice(11));
    var l = d.labels[i];
    row(dl, 'comm', l[0] + (d.changed[i] ? '  (changes in this bucket)' : ''));
    row(dl, 'state', l[1] + (l[2] ? ' · wchan ' + l[2] : ''));
    row(dl, 'RSS', span(0, i, kb));
    row(dl, 'CPU', span(1, i, function (v) { return num(v) + '%'; }));
    row(dl, 'threads', span(2, i, num));
    row(dl, 'fds', span(3, i, num) + ' of ' + span(4, i, num));
    row(dl, 'oom_score', span(5, i, num));
    box.appendChild(dl);
    box.style.display = 'block';
    var bw = box.offsetWidth, bh = box.offsetHeight;
    var x = e.clientX + 16, y = e.clientY + 16;
    if (x + bw > window.innerWidth - 8) x = e.clientX - bw - 16;
    if (y + bh > window.innerHeight - 8) y = Math.max(8, e.clientY - bh - 16);
    box.style.left = x + 'px'; box.style.top = y + 'px';
  }
  function hide() {
    box.style.display = 'none';
    for (var c = 0; c < cursors.length; c++) { cursors[c].setAttribute('x1', -10); cursors[c].setAttribute('x2', -10); }
  }
  var svgs = document.querySelectorAll('figure.chart svg');
  for (var s = 0; s < svgs.length; s++) {
    svgs[s].addEventListener('mousemove', function (e) {
      var r = e.currentTarget.getBoundingClientRect();
      show(nearest(((e.clientX - r.left) / r.width) * W), e);
    });
    svgs[s].addEventListener('mouseleave', hide);
  }
})();`
