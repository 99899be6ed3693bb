// Chart options shared by the static report and the live dashboard (window.SweepCharts).
(function () {
  'use strict';

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // Three significant digits; powers of ten beyond 1e5 and under 1e-3.
  function fmt(v) {
    if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) { return 'n/a'; }
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) { return v.toExponential(1); }
    return String(+v.toPrecision(3));
  }

  // A log axis spans whole decades around [floor, cap], so it always has at least two labelled ticks;
  // a linear axis is left to ECharts' nice ticks, capped at the scale's cap.
  function valueAxis(scale, name) {
    var axis = { name: name, nameTextStyle: { align: 'left' }, axisLabel: { formatter: fmt }, scale: true };
    if (scale.log) {
      axis.type = 'log';
      axis.logBase = 10;
      axis.min = Math.pow(10, Math.floor(Math.log10(scale.floor)));
      axis.max = Math.pow(10, Math.max(Math.ceil(Math.log10(scale.cap)), Math.floor(Math.log10(scale.floor)) + 1));
    } else {
      axis.type = 'value';
    }
    return axis;
  }

  // One line series for a group of runs (a configuration's seeds): each run a thin line, separated by gaps.
  // Data items are [x, y, seed].
  function seedLines(name, runs) {
    var points = [];
    runs.forEach(function (run) {
      if (run.points.length === 0) { return; }
      if (points.length > 0) { points.push([run.points[0][0], '-', run.seed]); }
      run.points.forEach(function (p) { points.push([p[0], p[1], run.seed]); });
    });
    return {
      type: 'line', name: name, data: points, showSymbol: true, symbol: 'circle', symbolSize: 3, connectNulls: false,
      lineStyle: { width: 1.2, opacity: 0.85 }, emphasis: { focus: 'series', lineStyle: { width: 2.5 } },
      tooltip: { formatter: function (p) { return esc(name) + '<br>seed ' + p.value[2] + ', step ' + p.value[0] + ': ' + fmt(p.value[1]); } }
    };
  }

  // Points the axis cannot show, drawn at the cap (or floor) as red triangles; items are [x, drawn, true value, series, seed].
  function clippedMarkers(points, scale) {
    return {
      type: 'scatter', name: 'clipped (exploded or non-finite)', data: points, symbol: 'triangle', symbolSize: 10,
      itemStyle: { color: '#d00' }, z: 5,
      markLine: scale.log || points.length > 0 ? {
        silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#d00' },
        label: { formatter: 'values above ' + fmt(scale.cap) + ' drawn here', position: 'insideEndTop', color: '#d00' },
        data: [{ yAxis: scale.cap }]
      } : undefined,
      tooltip: { formatter: function (p) { return esc(p.value[3]) + '<br>seed ' + p.value[4] + ', step ' + p.value[0] + ': ' + esc(p.value[2]) + ' (drawn at ' + fmt(p.value[1]) + ')'; } }
    };
  }

  // Ends of curves the stopping rule cut short, as hollow squares; items are [x, y, "rule: reason", series, seed].
  function prunedMarkers(points) {
    return {
      type: 'scatter', name: 'pruned (stopped here)', data: points, symbol: 'rect', symbolSize: 8,
      itemStyle: { color: '#fff', borderColor: '#555', borderWidth: 1.5 }, z: 4,
      tooltip: { formatter: function (p) { return esc(p.value[3]) + '<br>seed ' + p.value[4] + ' pruned at step ' + p.value[0] + ': ' + esc(p.value[2]); } }
    };
  }

  // Above this many points a chart draws lines without a symbol per point (symbols cost most of the drawing
  // time of a 1,000-trial report), and hover reads the nearest lines at the pointer's step instead.
  var SYMBOL_LIMIT = 4000;

  // Axis tooltip for dense charts: the (up to) six series nearest the pointer at the hovered step.
  function nearestTooltip(hover) {
    return function (params) {
      var chart = hover.chart;
      if (!chart) { return ''; }
      var rows = [];
      params.forEach(function (p) {
        if (!Array.isArray(p.value) || typeof p.value[1] !== 'number') { return; }
        var px = chart.convertToPixel({ seriesIndex: p.seriesIndex }, [p.value[0], p.value[1]]);
        rows.push({ d: hover.y === null ? 0 : Math.abs(px[1] - hover.y), p: p });
      });
      rows.sort(function (a, b) { return a.d - b.d; });
      return rows.slice(0, 6).map(function (r) {
        var v = r.p.value;
        return r.p.marker + esc(r.p.seriesName) + (v.length > 2 && v[2] !== undefined ? ', seed ' + v[2] : '') + ', step ' + v[0] + ': ' + fmt(v[1]);
      }).join('<br>');
    };
  }

  // Call after echarts.init + setOption(lineOption(...)): feeds the pointer position to a dense chart's tooltip.
  function attachHover(chart, option) {
    chart.sweepHover = option.hover || null;
    if (chart.sweepHover) { chart.sweepHover.chart = chart; }
    if (!chart.sweepHoverBound) {
      chart.sweepHoverBound = true;
      chart.getZr().on('mousemove', function (e) { if (chart.sweepHover) { chart.sweepHover.y = e.offsetY; } });
    }
  }

  // Line chart with hover, zoom (wheel, slider, box), series toggles in a scrolling legend.
  function lineOption(o) {
    var points = 0;
    o.series.forEach(function (s) { if (s.type === 'line') { points += s.data.length; } });
    var dense = points > SYMBOL_LIMIT;
    var hover = dense ? { chart: null, y: null } : null;
    if (dense) {
      o.series.forEach(function (s) { if (s.type === 'line') { s.showSymbol = false; } });
    }
    var option = {
      animation: false,
      // Centred, so it never sits on the y-axis name at the top left.
      title: { text: o.title, left: 'center', textStyle: { fontSize: 13 } },
      tooltip: dense
        ? { trigger: 'axis', confine: true, axisPointer: { type: 'line', snap: false }, formatter: nearestTooltip(hover) }
        : { trigger: 'item', confine: true },
      toolbox: { right: 10, feature: { dataZoom: {}, restore: {} } },
      legend: { type: 'scroll', bottom: 0, left: 0, right: 0, textStyle: { fontSize: 11, width: 260, overflow: 'truncate' }, tooltip: { show: true } },
      grid: { left: 10, right: 30, top: 50, bottom: 80, containLabel: true },
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'slider', xAxisIndex: 0, bottom: 32, height: 16, filterMode: 'none' }],
      xAxis: { type: 'value', name: o.xName || 'step', nameLocation: 'middle', nameGap: 24, scale: true },
      yAxis: valueAxis(o.scale, o.yName),
      series: o.series
    };
    // Not enumerable: ECharts copies an option's own keys, and this one holds the chart.
    Object.defineProperty(option, 'hover', { value: hover, enumerable: false });
    return option;
  }

  // Horizontal intervals: one row per level, the mean as a dot and the 95 % interval as a whisker.
  function intervalOption(effect) {
    var rows = effect.rows;
    var labels = rows.map(function (r) { return r.label; });
    return {
      animation: false,
      tooltip: { trigger: 'item', confine: true, formatter: function (p) {
        var r = rows[p.dataIndex];
        return esc(r.factor) + '<br>' + esc(r.label) + ': mean ' + fmt(r.mean) + ' [' + fmt(r.low) + ', ' + fmt(r.high) + '], ' + r.n + ' trials';
      } },
      grid: { left: 10, right: 30, top: 30, bottom: 30, containLabel: true },
      xAxis: { type: 'value', scale: true, name: effect.metric, nameLocation: 'middle', nameGap: 22, axisLabel: { formatter: fmt } },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 220, overflow: 'break', fontSize: 11 } },
      series: [{
        type: 'custom', name: '95 % interval',
        renderItem: function (params, api) {
          var lowValue = api.value(1), highValue = api.value(2);
          if (isNaN(lowValue) || isNaN(highValue)) { return null; }
          var low = api.coord([lowValue, api.value(0)]);
          var high = api.coord([highValue, api.value(0)]);
          var half = api.size([0, 1])[1] * 0.2;
          var style = { stroke: '#555', lineWidth: 1.5 };
          return { type: 'group', children: [
            { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: style },
            { type: 'line', shape: { x1: low[0], y1: low[1] - half, x2: low[0], y2: low[1] + half }, style: style },
            { type: 'line', shape: { x1: high[0], y1: high[1] - half, x2: high[0], y2: high[1] + half }, style: style }
          ] };
        },
        encode: { x: [1, 2], y: 0 },
        data: rows.map(function (r, i) { return [i, r.low === null ? NaN : r.low, r.high === null ? NaN : r.high]; })
      }, {
        type: 'scatter', name: 'mean', symbolSize: 8, itemStyle: { color: '#1f77b4' },
        data: rows.map(function (r, i) { return [r.mean === null ? NaN : r.mean, i]; })
      }]
    };
  }

  function countOption(name, pairs) {
    return {
      animation: false,
      tooltip: { trigger: 'item' },
      grid: { left: 10, right: 40, top: 10, bottom: 30, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, name: name, nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'category', inverse: true, data: pairs.map(function (p) { return p[0]; }) },
      series: [{ type: 'bar', name: name, data: pairs.map(function (p) { return p[1]; }), label: { show: true, position: 'right' }, itemStyle: { color: '#4c78a8' } }]
    };
  }

  window.SweepCharts = { esc: esc, fmt: fmt, valueAxis: valueAxis, seedLines: seedLines, clippedMarkers: clippedMarkers, prunedMarkers: prunedMarkers, lineOption: lineOption, attachHover: attachHover, intervalOption: intervalOption, countOption: countOption };
})();
