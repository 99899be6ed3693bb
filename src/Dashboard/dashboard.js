// The live page: polls /api/state once a second (token from the page's own query, if any) and redraws.
// Exposes window.sweepDashboard = { charts, state, polls } for tests.
(function () {
  'use strict';
  var SweepCharts = window.SweepCharts;
  var token = new URLSearchParams(location.search).get('token');
  var charts = {};
  var live = { charts: charts, state: null, polls: 0 };
  window.sweepDashboard = live;
  var shownCurves = -1;

  function cell(row, text) {
    var td = document.createElement('td');
    if (text instanceof Node) { td.appendChild(text); } else { td.textContent = text; }
    row.appendChild(td);
  }

  function fill(tableId, rows, cells) {
    var body = document.querySelector('#' + tableId + ' tbody');
    body.textContent = '';
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      cells(r).forEach(function (c) { cell(tr, c); });
      body.appendChild(tr);
    });
  }

  function stepBar(trial) {
    var wrap = document.createElement('div');
    var bar = document.createElement('span'); bar.className = 'step';
    var inner = document.createElement('span');
    inner.style.width = (trial.totalSteps > 0 ? Math.min(100, 100 * trial.step / trial.totalSteps) : 0) + '%';
    bar.appendChild(inner);
    wrap.appendChild(bar);
    wrap.appendChild(document.createTextNode(trial.id + ' ' + trial.step + ' / ' + (trial.totalSteps || '?')));
    return wrap;
  }

  function seconds(s) {
    if (s === null || s === undefined) { return '?'; }
    var m = Math.floor(s / 60), h = Math.floor(m / 60);
    return (h > 0 ? h + 'h ' : '') + (m % 60) + 'm ' + Math.round(s % 60) + 's';
  }

  function render(state) {
    live.state = state;
    drawRunning(state.runningCurves || []);
    document.getElementById('title').textContent = 'Sweep: ' + state.name + (state.done ? ' (finished)' : ' (running)');
    var p = state.progress;
    var status = document.getElementById('status');
    if (p) {
      var done = p.skipped + p.completed + p.diverged + p.failed + p.pruned;
      document.getElementById('bar-done').style.width = (p.total > 0 ? 100 * done / p.total : 0) + '%';
      status.textContent = done + ' of ' + p.total + ' trials done, elapsed ' + seconds(state.elapsedSeconds) +
        ', ' + p.trialsPerMinute + ' trials/min' + (p.etaSeconds !== null ? ', about ' + seconds(p.etaSeconds) + ' left' : '');
      document.getElementById('counts').textContent = 'queued ' + p.queued + ' · running ' + p.running + ' · completed ' + p.completed +
        ' · diverged ' + p.diverged + ' · failed ' + p.failed +
        (p.pruned ? ' · pruned ' + p.pruned + ' (' + p.stepsSaved + ' steps saved)' : '') + (p.skipped ? ' · already in the folder ' + p.skipped : '');
    }
    status.className = state.done ? 'done' : 'note';
    if (state.done) { status.textContent = 'The sweep has finished. ' + status.textContent; }
    document.getElementById('warning').textContent = state.warning;
    fill('workers', state.workers, function (w) {
      var running = document.createElement('div');
      w.running.forEach(function (t) { running.appendChild(stepBar(t)); });
      return [w.address, w.busy + ' / ' + w.slots, running];
    });
    fill('recent', state.recent, function (r) { return [r.id, r.status + (r.error ? ': ' + r.error : ''), String(r.seconds), r.worker]; });

    var a = state.analysis;
    var note = document.getElementById('ranking-note');
    if (!a) { note.textContent = 'No trial has finished yet.'; return; }
    if (a.error) { note.textContent = a.error; return; }
    note.textContent = a.trials + ' trials in ' + a.configurations + ' configurations; ranked by ' + a.rankedBy +
      (a.configurations > a.ranking.length ? ' (top ' + a.ranking.length + ' shown)' : '') + '.';
    document.getElementById('ranked-by').textContent = a.rankedBy + ' [95% CI]';
    fill('ranking', a.ranking, function (r) { return [r.rank, r.key, String(r.seeds), r.metric, r.reached, r.diagnosis, r.flags]; });
    if (a.trials !== shownCurves) {
      shownCurves = a.trials;
      drawCurves(a.curves);
    }
  }

  // The running trials' train loss so far: one line each, redrawn on every poll.
  function drawRunning(running) {
    var values = [];
    running.forEach(function (t) { t.points.forEach(function (p) { if (isFinite(p[1]) && p[1] > 0) { values.push(p[1]); } }); });
    var min = values.length ? Math.min.apply(null, values) : 1;
    var max = values.length ? Math.max.apply(null, values) : 1;
    var scale = { log: values.length > 0 && max / min > 100, floor: min, cap: max };
    var series = running.map(function (t) {
      return {
        type: 'line', name: t.id, data: t.points, showSymbol: true, symbolSize: 3,
        tooltip: { formatter: function (p) { return SweepCharts.esc(t.id) + '<br>step ' + p.value[0] + ': ' + SweepCharts.fmt(p.value[1]); } }
      };
    });
    var option = SweepCharts.lineOption({ title: running.length ? 'Train loss so far' : 'No trial is running', yName: 'loss', scale: scale, series: series });
    var chart = charts['chart-live-running'];
    if (!chart) {
      chart = echarts.init(document.getElementById('chart-live-running'), null, { renderer: 'canvas' });
      charts['chart-live-running'] = chart;
    }
    chart.setOption(option, true);
    SweepCharts.attachHover(chart, option);
  }

  function drawCurves(c) {
    var series = c.configs.map(function (cfg) {
      return SweepCharts.seedLines(cfg.key, cfg.trials.map(function (t) { return { seed: t.seed, points: t.train }; }));
    });
    var clipped = [];
    c.configs.forEach(function (cfg) {
      cfg.trials.forEach(function (t) { t.trainClipped.forEach(function (p) { clipped.push([p[0], p[1], p[2], cfg.key, t.seed]); }); });
    });
    series.push(SweepCharts.clippedMarkers(clipped, c));
    var option = SweepCharts.lineOption({ title: 'Train loss', yName: 'loss', scale: c, series: series });
    var chart = charts['chart-live-train'];
    if (!chart) {
      chart = echarts.init(document.getElementById('chart-live-train'), null, { renderer: 'canvas' });
      charts['chart-live-train'] = chart;
    }
    // Keep the reader's legend choices and zoom across refreshes.
    var previous = chart.getOption();
    if (previous && previous.legend && previous.legend[0]) { option.legend.selected = previous.legend[0].selected; }
    if (previous && previous.dataZoom) { option.dataZoom.forEach(function (z, i) { if (previous.dataZoom[i]) { z.start = previous.dataZoom[i].start; z.end = previous.dataZoom[i].end; } }); }
    chart.setOption(option, true);
    SweepCharts.attachHover(chart, option);
  }

  function poll() {
    var headers = token ? { 'X-Sweep-Token': token } : {};
    fetch('api/state', { headers: headers, cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (state) {
        live.polls++;
        render(state);
        if (!state.done) { setTimeout(poll, 1000); }
      })
      .catch(function () {
        // The server stops with the sweep: say so instead of retrying forever.
        var status = document.getElementById('status');
        status.textContent = 'The sweep has stopped (its dashboard is no longer served). ' + status.textContent;
        status.className = 'done';
      });
  }

  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (id) { charts[id].resize(); }); });
  poll();
})();
