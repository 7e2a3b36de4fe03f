/* The overview's charts lead to the lists behind them: a click in a chart's column opens the
 * enterprise list filtered by that column's value. Reads data- attributes of the chart element:
 *   data-list-url       the list's address
 *   data-filter         the query parameter (stage, year, ...)
 *   data-filter-values  the parameter's value for each category of the x axis, comma-separated
 * The charts are drawn by another script; this one only adds the click, once they exist. No
 * inline script (a strict Content-Security-Policy). */
(function () {
  "use strict";

  function target(el, index) {
    var values = (el.dataset.filterValues || "").split(",");
    var value = values[index];
    if (value === undefined || value === "") return null;
    return el.dataset.listUrl + "?" + encodeURIComponent(el.dataset.filter) + "=" +
      encodeURIComponent(value);
  }

  function wire(el) {
    var chart = window.echarts && window.echarts.getInstanceByDom(el);
    if (!chart) return false;
    chart.getZr().on("click", function (event) {
      var point = [event.offsetX, event.offsetY];
      if (!chart.containPixel("grid", point)) return;
      // on a category axis the value at the pointer is the category's index
      var value = chart.convertFromPixel({gridIndex: 0}, point);
      var index = Array.isArray(value) ? value[0] : value;
      var url = target(el, Math.round(index));
      if (url) window.location.href = url;
    });
    chart.getZr().on("mousemove", function (event) {
      var inside = chart.containPixel("grid", [event.offsetX, event.offsetY]);
      chart.getZr().setCursorStyle(inside ? "pointer" : "default");
    });
    el.dataset.linksWired = "1";
    return true;
  }

  function wireAll(attempt) {
    var waiting = 0;
    document.querySelectorAll("[data-list-url][data-filter]").forEach(function (el) {
      if (!el.dataset.linksWired && !wire(el)) waiting += 1;
    });
    // the charts may be drawn a little later (deferred scripts): try again for a few seconds
    if (waiting && attempt < 20) {
      window.setTimeout(function () { wireAll(attempt + 1); }, 250);
    }
  }

  if (document.readyState === "complete") {
    wireAll(0);
  } else {
    window.addEventListener("load", function () { wireAll(0); });
  }
})();
