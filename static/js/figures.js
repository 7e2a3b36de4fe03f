/* Draws every overview figure (dashboard/_figure.html) with ECharts from its own table data.
 *
 * Each chart element carries data-figure-chart="<id of a json_script block>" holding
 *   {type: "bar" | "line" | "funnel", money, categories: [...],
 *    series: [{name, data: ["12.50", null, ...]}], links: ["/enterprises/?stage=rnd", ...]}
 * (money already in 万元, numbers as strings: JSON has no decimals). A click on a bar, a point
 * or a funnel slice — or anywhere in a category's column — opens that row's link (the list
 * behind it). The table stays in the page: open without JavaScript, folded once the chart is
 * drawn. No inline script or style (a strict Content-Security-Policy). */
(function () {
  "use strict";

  function num(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  // bars lie down when there are many categories or long names (they stay readable on a phone)
  function lying(d) {
    if (d.type !== "bar") return false;
    var longest = Math.max.apply(null, d.categories.map(function (c) { return c.length; }));
    return d.categories.length > 8 || longest > 10;
  }

  function axisOption(d) {
    var many = d.series.length > 1;
    var categories = {
      type: "category",
      data: d.categories,
      axisLabel: {interval: 0, rotate: d.categories.length > 5 ? 30 : 0, hideOverlap: true}
    };
    var values = {type: "value", minInterval: d.money ? 0 : 1};
    if (lying(d)) {
      categories.inverse = true;
      categories.axisLabel = {interval: 0, width: 120, overflow: "truncate"};
    }
    return {
      tooltip: {trigger: "axis"},
      legend: many ? {top: 0} : {show: false},
      grid: {left: 10, right: 16, top: many ? 36 : 12, bottom: 10, containLabel: true},
      xAxis: lying(d) ? values : categories,
      yAxis: lying(d) ? categories : values,
      series: d.series.map(function (s) {
        return {name: s.name, type: d.type, data: s.data.map(num), connectNulls: false};
      })
    };
  }

  function funnelOption(d) {
    var first = d.series[0] || {data: []};
    return {
      tooltip: {trigger: "item"},
      series: [{
        name: first.name,
        type: "funnel",
        sort: "none",
        left: "10%",
        width: "80%",
        minSize: "10%",
        label: {show: true, position: "inside", formatter: "{b}: {c}"},
        data: d.categories.map(function (name, i) {
          return {name: name, value: num(first.data[i])};
        })
      }]
    };
  }

  function open(d, index) {
    var url = d.links[index];
    if (url) window.location.href = url;
  }

  function wireColumns(chart, d) {
    // a click anywhere in a category's column, not only on the bar itself
    chart.getZr().on("click", function (event) {
      var point = [event.offsetX, event.offsetY];
      if (event.target || !chart.containPixel("grid", point)) return;
      var value = chart.convertFromPixel({gridIndex: 0}, point);
      open(d, Math.round(Array.isArray(value) ? value[lying(d) ? 1 : 0] : value));
    });
    chart.getZr().on("mousemove", function (event) {
      var inside = chart.containPixel("grid", [event.offsetX, event.offsetY]);
      chart.getZr().setCursorStyle(inside ? "pointer" : "default");
    });
  }

  function draw(el) {
    var source = document.getElementById(el.dataset.figureChart);
    if (!source || !window.echarts || el.dataset.drawn) return;
    var d = JSON.parse(source.textContent);
    el.hidden = false;
    if (lying(d)) {
      // one band per category (CSSOM, not a style attribute: allowed by the CSP)
      var bands = d.categories.length * Math.max(d.series.length, 1);
      el.style.height = Math.max(320, 60 + bands * 18) + "px";
    }
    var chart = window.echarts.init(el);
    chart.setOption(d.type === "funnel" ? funnelOption(d) : axisOption(d));
    chart.on("click", function (params) { open(d, params.dataIndex); });
    if (d.type !== "funnel") wireColumns(chart, d);
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.drawn = "1";
    var card = el.closest("[data-figure]");
    if (!card) return;
    var table = card.querySelector("details[data-figure-table]");
    if (table) table.open = false;
    var hint = card.querySelector("[data-figure-hint]");
    if (hint) hint.hidden = false;
  }

  function drawAll() {
    document.querySelectorAll("[data-figure-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
