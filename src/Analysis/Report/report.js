// Draws the report's charts with Apache ECharts from the JSON in #report-data (see ReportData.cs for its
// contract). Values were already capped, floored and thinned in C#; this file only lays them out.
// Exposes window.sweepReport = { charts: {id: echarts instance}, data } for tests and curious readers.
(function () {
  'use strict';
  var started = performance.now();
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = {};
  var SweepCharts = window.SweepCharts;

  function make(id, option, height) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    if (height) { el.style.height = height + 'px'; }
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option, true);
    SweepCharts.attachHover(chart, option);
    charts[id] = chart;
    return chart;
  }

  function selectBox(id, options, onChange) {
    var box = document.getElementById(id);
    if (!box) { return; }
    options.forEach(function (o) {
      var opt = document.createElement('option');
      opt.value = o[0]; opt.textContent = o[1];
      box.appendChild(opt);
    });
    box.addEventListener('change', function () { onChange(box.value); });
  }

  // ---- Training curves: one series per configuration, its seeds as thin lines of one colour ----
  function curveOption(which, title) {
    var c = data.curves;
    var series = c.configs.map(function (cfg) {
      return SweepCharts.seedLines(cfg.key, cfg.trials.map(function (t) {
        return { seed: t.seed, points: t[which] };
      }));
    });
    var clipped = [];
    c.configs.forEach(function (cfg) {
      cfg.trials.forEach(function (t) {
        t[which + 'Clipped'].forEach(function (p) { clipped.push([p[0], p[1], p[2], cfg.key, t.seed]); });
      });
    });
    series.push(SweepCharts.clippedMarkers(clipped, c));
    // A pruned trial's curve ends where the stopping rule cut it: mark that end so it is not read as a run that ended there.
    var stops = [];
    c.configs.forEach(function (cfg) {
      cfg.trials.forEach(function (t) {
        var pts = t[which];
        if (t.pruned && pts.length > 0) { stops.push([pts[pts.length - 1][0], pts[pts.length - 1][1], t.pruned, cfg.key, t.seed]); }
      });
    });
    if (stops.length > 0) { series.push(SweepCharts.prunedMarkers(stops)); }
    return SweepCharts.lineOption({ title: title, yName: 'loss', scale: c, series: series });
  }

  function showOnly(predicate) {
    var selected = {};
    data.curves.configs.forEach(function (cfg) { selected[cfg.key] = predicate(cfg); });
    ['chart-train', 'chart-val'].forEach(function (id) {
      if (charts[id]) { charts[id].setOption({ legend: { selected: selected } }); }
    });
  }

  if (data.curves.configs.length > 0) {
    var train = make('chart-train', curveOption('train', 'Train loss'));
    var val = make('chart-val', curveOption('val', 'Validation loss'));
    train.group = val.group = 'curves';
    echarts.connect('curves');
    selectBox('curve-grid', [['', 'all grids']].concat(data.grids.map(function (g) { return [g, 'grid ' + g]; })), function (grid) {
      showOnly(function (cfg) { return grid === '' || cfg.grid === grid; });
    });
    selectBox('curve-config', [['', 'all configurations']].concat(data.curves.configs.map(function (cfg) {
      return [cfg.key, '#' + cfg.rank + ' ' + cfg.key];
    })), function (key) {
      showOnly(function (cfg) { return key === '' || cfg.key === key; });
    });
  }

  // ---- Per-layer gradient norms of a chosen trial: every layer, exact zeros at a labelled floor ----
  function layerOption(entry) {
    var zeros = [];
    var series = entry.series.map(function (layer) {
      layer.zeros.forEach(function (step) { zeros.push([step, entry.floor, layer.name]); });
      return { type: 'line', name: layer.name, data: layer.points, showSymbol: layer.points.length < 40, symbolSize: 4, lineStyle: { width: 1.5 }, emphasis: { focus: 'series' } };
    });
    series.push({
      type: 'scatter', name: 'exact zero (drawn at ' + SweepCharts.fmt(entry.floor) + ')', data: zeros,
      symbol: 'diamond', symbolSize: 9, itemStyle: { color: '#000' }, z: 5,
      markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dotted', color: '#000' },
        label: { formatter: 'gradient exactly 0', position: 'insideStartTop' }, data: [{ yAxis: entry.floor }] },
      tooltip: { formatter: function (p) { return SweepCharts.esc(p.value[2]) + '<br>step ' + p.value[0] + ': gradient norm exactly 0'; } }
    });
    return SweepCharts.lineOption({ title: 'Gradient norm per layer', yName: 'gradient norm', scale: entry, series: series });
  }

  function showLayers(index) {
    var entry = data.layers[index];
    var chart = charts['chart-layers'] || make('chart-layers', layerOption(entry));
    var option = layerOption(entry);
    chart.setOption(option, true);
    SweepCharts.attachHover(chart, option);
    document.getElementById('layers-caption').textContent = entry.caption + '. ' + entry.series.length +
      ' layers; a gradient that is exactly 0 is drawn on the dotted line at ' + SweepCharts.fmt(entry.floor) + '.';
  }

  if (data.layers.length > 0) {
    selectBox('layer-trial', data.layers.map(function (entry, i) { return [String(i), entry.caption]; }), function (i) { showLayers(+i); });
    showLayers(0);
  }

  // ---- Factor effects: marginal mean per level with its 95 % interval ----
  data.effects.forEach(function (effect, k) {
    if (effect.rows.length === 0) { return; }
    make('chart-effect-' + k, SweepCharts.intervalOption(effect), 70 + 24 * effect.rows.length);
  });

  // ---- Heatmap of the strongest (or chosen) interaction ----
  if (data.heatmap) {
    var h = data.heatmap;
    document.getElementById('heatmap-title').textContent = h.title;
    document.getElementById('heatmap-caption').textContent = h.caption;
    var values = h.cells.map(function (c) { return c[2]; }).filter(function (v) { return v !== null; });
    make('chart-heatmap', {
      animation: false,
      tooltip: { formatter: function (p) { return SweepCharts.esc(h.factorA + '=' + h.levelsA[p.value[1]] + ', ' + h.factorB + '=' + h.levelsB[p.value[0]]) + '<br>mean steps to target: ' + SweepCharts.fmt(p.value[2]); } },
      grid: { left: 10, right: 20, top: 34, bottom: 90, containLabel: true },
      xAxis: { type: 'category', name: h.factorB, nameLocation: 'middle', nameGap: 26, data: h.levelsB, splitArea: { show: true } },
      yAxis: { type: 'category', name: h.factorA, data: h.levelsA, splitArea: { show: true }, axisLabel: { width: 120, overflow: 'break' } },
      visualMap: { min: Math.min.apply(null, values), max: Math.max.apply(null, values), calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#2c7bb6', '#ffffbf', '#d7191c'] } },
      series: [{ type: 'heatmap', name: 'mean steps to target', data: h.cells, label: { show: h.cells.length <= 64, formatter: function (p) { return SweepCharts.fmt(p.value[2]); } } }]
    }, Math.max(300, 120 + 28 * h.levelsA.length));
  }

  // ---- Parallel coordinates: settings against the ranking metric ----
  var par = data.parallel;
  if (par.rows.length > 0) {
    var dims = par.axes.map(function (a, i) {
      return { dim: i, name: a.name, type: 'category', data: a.levels, axisLabel: { width: 70, overflow: 'truncate' } };
    });
    var metricDim = par.axes.length;
    dims.push({ dim: metricDim, name: par.metric, type: par.log ? 'log' : 'value', axisLabel: { formatter: SweepCharts.fmt } });
    var metricValues = par.rows.map(function (r) { return r.values[metricDim]; }).filter(function (v) { return v !== null; });
    make('chart-parallel', {
      animation: false,
      tooltip: { trigger: 'item', formatter: function (p) { return SweepCharts.esc(p.name) + '<br>' + SweepCharts.esc(par.metric) + ': ' + SweepCharts.fmt(p.value[metricDim]); } },
      parallel: { left: 50, right: 90, top: 50, bottom: 30, parallelAxisDefault: { nameLocation: 'end', nameGap: 14, nameTextStyle: { fontSize: 11 }, nameTruncate: { maxWidth: 90 } } },
      parallelAxis: dims,
      visualMap: { show: false, dimension: metricDim, min: Math.min.apply(null, metricValues), max: Math.max.apply(null, metricValues), inRange: { color: ['#1a9850', '#fee08b', '#d73027'] } },
      series: [{ type: 'parallel', name: 'configurations', lineStyle: { width: 1.5, opacity: 0.6 }, emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: par.rows.map(function (r) { return { name: r.key, value: r.values }; }) }]
    });
  }

  // ---- A numeric axis (learning rate, width, ...) against the ranking metric ----
  var sc = data.scatter;
  function scatterOption(axis) {
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: function (p) { return SweepCharts.esc(p.value[2]) + '<br>' + SweepCharts.esc(axis.name) + ' ' + p.value[0] + ': ' + SweepCharts.esc(sc.metric) + ' ' + SweepCharts.fmt(p.value[1]) + (p.value[3] ? ' (clipped)' : ''); } },
      toolbox: { right: 10, feature: { dataZoom: {}, restore: {} } },
      dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'inside', yAxisIndex: 0 }],
      grid: { left: 10, right: 30, top: 40, bottom: 40, containLabel: true },
      xAxis: { type: axis.log ? 'log' : 'value', name: axis.name, nameLocation: 'middle', nameGap: 26, scale: true, axisLabel: { formatter: SweepCharts.fmt } },
      yAxis: SweepCharts.valueAxis(sc, sc.metric + ' (mean over seeds)'),
      series: [{ type: 'scatter', name: sc.metric, symbolSize: 9, data: axis.points,
        symbol: function (v) { return v[3] ? 'triangle' : 'circle'; } }]
    };
  }

  if (sc.axes.length > 0) {
    selectBox('scatter-axis', sc.axes.map(function (a, i) { return [String(i), a.name]; }), function (i) {
      charts['chart-scatter'].setOption(scatterOption(sc.axes[+i]), true);
    });
    make('chart-scatter', scatterOption(sc.axes[0]));
  }

  // ---- Diagnosis and flag counts ----
  [['chart-diagnoses', 'trials per diagnosis', data.counts.diagnoses], ['chart-flags', 'trials per flag', data.counts.flags]].forEach(function (spec) {
    make(spec[0], SweepCharts.countOption(spec[1], spec[2]), 60 + 26 * spec[2].length);
  });

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });
  window.sweepReport = { charts: charts, data: data };
  document.body.setAttribute('data-charts', String(Object.keys(charts).length));
  // How long parsing the data and drawing every chart took, for the size and speed note in the README.
  document.body.setAttribute('data-render-ms', String(Math.round(performance.now() - started)));
})();
