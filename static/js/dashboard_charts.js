/* The zone overview's charts (ECharts): enterprises by stage, revenue and output by year. The
 * figures come from the json_script block #chart-data, the series names from data- attributes
 * of #chart-years. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var el = document.getElementById("chart-data");
  var years = document.getElementById("chart-years");
  if (!el || !years || !window.echarts) return;
  var d = JSON.parse(el.textContent);
  var tenThousands = function (v) { return Math.round(Number(v) / 10000); };
  echarts.init(document.getElementById("chart-stages")).setOption({
    tooltip: {}, grid: {left: 40, right: 10, top: 10, bottom: 30},
    xAxis: {type: "category", data: d.stages.labels}, yAxis: {type: "value", minInterval: 1},
    series: [{type: "bar", data: d.stages.values}]
  });
  echarts.init(years).setOption({
    tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 80, right: 10, top: 36, bottom: 30},
    xAxis: {type: "category", data: d.years}, yAxis: {type: "value"},
    series: [
      {name: years.dataset.revenue, type: "line", data: d.revenue.map(tenThousands)},
      {name: years.dataset.output, type: "line", data: d.output.map(tenThousands)}
    ]
  });
});
