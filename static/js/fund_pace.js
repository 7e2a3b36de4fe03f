/* A fund's pace of spending (ECharts): cumulative committed and paid by month against the
 * calendar line (budget × share of the year elapsed). The figures come from the json_script
 * block #pace-chart-data, the translated names from data- attributes of #pace-chart (no inline
 * script: the Content-Security-Policy forbids it). Amounts arrive as decimal strings. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var el = document.getElementById("pace-chart-data");
  var box = document.getElementById("pace-chart");
  if (!el || !box || !window.echarts) return;
  var d = JSON.parse(el.textContent);
  var num = function (v) { return v === null ? null : Number(v); };
  var chart = echarts.init(box);
  chart.setOption({
    tooltip: {trigger: "axis"},
    legend: {bottom: 0},
    grid: {left: 10, right: 10, top: 30, bottom: 36, containLabel: true},
    xAxis: {type: "category", data: d.months},
    yAxis: {type: "value", name: box.dataset.unit},
    series: [
      {name: box.dataset.committed, type: "line", step: "end", data: d.committed.map(num)},
      {name: box.dataset.paid, type: "line", step: "end", areaStyle: {opacity: 0.15},
       data: d.paid.map(num)},
      {name: box.dataset.calendar, type: "line", symbol: "none",
       lineStyle: {type: "dashed"}, data: d.calendar.map(num),
       markLine: {symbol: "none", label: {formatter: box.dataset.budget, position: "insideEndTop"},
                  data: [{yAxis: Number(d.budget)}]}}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
