/* A cluster's targets (ECharts): per target, milestones as bars, the actual as a line and the
 * forecast as a dashed line, by year, in 10k yuan. The data come from the json_script block
 * #target-charts-data (one entry per chart, by element id), the translated names from data-
 * attributes of each chart box (no inline script: the Content-Security-Policy forbids it).
 * Amounts arrive as decimal strings of yuan. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var el = document.getElementById("target-charts-data");
  if (!el || !window.echarts) return;
  var wan = function (v) { return v === null ? null : Math.round(Number(v) / 100) / 100; };
  JSON.parse(el.textContent).forEach(function (d) {
    var box = document.getElementById(d.id);
    if (!box) return;
    var chart = echarts.init(box);
    chart.setOption({
      tooltip: {trigger: "axis"},
      legend: {bottom: 0},
      grid: {left: 10, right: 10, top: 30, bottom: 36, containLabel: true},
      xAxis: {type: "category", data: d.years},
      yAxis: {type: "value", name: box.dataset.unit},
      series: [
        {name: box.dataset.milestone, type: "bar", data: d.milestone.map(wan),
         itemStyle: {color: "#adb5bd"}},
        {name: box.dataset.actual, type: "line", data: d.actual.map(wan), connectNulls: false,
         itemStyle: {color: "#0d6efd"}},
        {name: box.dataset.forecast, type: "line", data: d.forecast.map(wan),
         lineStyle: {type: "dashed"}, itemStyle: {color: "#fd7e14"}}
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
});
