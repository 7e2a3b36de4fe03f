/* A cluster's chain map (ECharts tree): cluster → upstream / midstream / downstream →
 * segments → sub-segments, each labelled with its enterprises, output (10k yuan) and signings.
 * Investment targets (gaps: no firm, or no firm past R&D) are drawn in the warning colour.
 * Clicking a segment opens its page. The data come from the json_script block
 * #chain-map-data, the translated words from data- attributes of #chain-map (no inline
 * script: the Content-Security-Policy forbids it). Output arrives as a decimal string of yuan. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var el = document.getElementById("chain-map-data");
  var box = document.getElementById("chain-map");
  if (!el || !box || !window.echarts) return;
  var words = box.dataset;
  var WARN = "#f0ad4e", OK = "#0d6efd", PLAIN = "#6c757d";
  var wan = function (v) {
    if (v === null || v === undefined) return "—";
    return Math.round(Number(v) / 10000).toLocaleString();
  };
  var decorate = function (node, depth) {
    var isSegment = node.url !== undefined;
    var colour = !isSegment ? PLAIN : (node.gap ? WARN : OK);
    node.itemStyle = {color: colour, borderColor: colour};
    node.symbolSize = isSegment ? 12 : 9;
    var inner = depth > 0 && (node.children || []).length > 0;
    if (inner) node.label = {position: "top", align: "center", verticalAlign: "bottom"};
    if (isSegment) {
      node.label = Object.assign(node.label || {}, {
        formatter: node.name + "\n" + words.enterprises + " " + node.enterprises + " · " +
          words.output + " " + wan(node.output) + " · " + words.signings + " " + node.signings,
        color: node.gap ? "#a15c00" : "#212529"
      });
    }
    (node.children || []).forEach(function (child) { decorate(child, depth + 1); });
    return node;
  };
  var data = decorate(JSON.parse(el.textContent), 0);
  var narrow = box.clientWidth < 600;
  var chart = echarts.init(box);
  chart.setOption({
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        var d = p.data;
        if (d.url === undefined) return d.name;
        var lines = [d.name, words.enterprises + ": " + d.enterprises,
          words.output + ": " + wan(d.output), words.signings + ": " + d.signings];
        if (d.gap) lines.push(words.gap);
        return lines.join("<br>");
      }
    },
    legend: {
      bottom: 0,
      data: [{name: words.gap, icon: "circle", itemStyle: {color: WARN}}]
    },
    series: [{
      type: "tree",
      name: words.gap,
      data: [data],
      top: 20, bottom: 40, left: narrow ? 40 : 90, right: narrow ? 120 : 340,
      orient: "LR",
      initialTreeDepth: -1,
      expandAndCollapse: false,
      label: {position: "left", verticalAlign: "middle", align: "right", fontSize: narrow ? 10 : 12},
      leaves: {label: {position: "right", verticalAlign: "middle", align: "left"}},
      lineStyle: {color: "#adb5bd"},
      emphasis: {focus: "descendant"}
    }]
  });
  chart.on("click", function (p) {
    if (p.data && p.data.url) window.location.href = p.data.url;
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
