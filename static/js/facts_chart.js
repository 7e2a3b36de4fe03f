/* The enterprise profile's figures over the years (ECharts). The figures come from the
 * json_script block #facts-chart-data, the translated series names from data- attributes of
 * #facts-chart (no inline script: the Content-Security-Policy forbids it). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var el = document.getElementById("facts-chart-data");
  var box = document.getElementById("facts-chart");
  if (!el || !box || !window.echarts) return;
  var d = JSON.parse(el.textContent);
  var num = function (v) { return v === null ? null : Number(v); };
  var chart = echarts.init(box);
  chart.setOption({
    tooltip: {trigger: "axis"},
    legend: {bottom: 0},
    grid: {left: 10, right: 10, top: 30, bottom: 36, containLabel: true},
    xAxis: {type: "category", data: d.years.map(String)},
    yAxis: {type: "value", name: box.dataset.unit},
    series: [
      {name: box.dataset.revenue, type: "line", smooth: true, data: d.revenue.map(num)},
      {name: box.dataset.output, type: "line", smooth: true, data: d.output.map(num)},
      {name: box.dataset.rnd, type: "bar", barMaxWidth: 28, data: d.rnd.map(num)}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
