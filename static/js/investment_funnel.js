/* The investment funnel (ECharts "funnel"): leads that reached each stage, in the pipeline's
 * order. The figures come from the json_script block #funnel-chart-data ([{name, value}]), the
 * series name from a data- attribute of #funnel-chart (no inline script: the CSP forbids it). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var el = document.getElementById("funnel-chart-data");
  var box = document.getElementById("funnel-chart");
  if (!el || !box || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var chart = echarts.init(box);
  chart.setOption({
    tooltip: {trigger: "item", formatter: "{b}: {c}"},
    series: [{
      name: box.dataset.series,
      type: "funnel",
      sort: "none",
      left: "5%", width: "90%", top: 10, bottom: 10,
      minSize: "8%",
      label: {show: true, position: "inside", formatter: "{b} {c}"},
      data: data
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
