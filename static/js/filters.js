/* Filter forms that htmx submits (data-drop-empty): leave empty fields out of the request, so
 * the URL pushed to the history stays short. Replaces an hx-on attribute, which htmx would have
 * to eval (forbidden by the Content-Security-Policy and by htmx.config.allowEval = false). */
document.addEventListener("htmx:configRequest", function (event) {
  "use strict";
  if (!event.target.closest || !event.target.closest("form[data-drop-empty]")) return;
  var p = event.detail.parameters;
  var keys = typeof p.keys === "function" ? Array.from(p.keys()) : Object.keys(p);
  keys.forEach(function (k) {
    var v = typeof p.get === "function" ? p.get(k) : p[k];
    if (!v) { if (typeof p.delete === "function") { p.delete(k); } else { delete p[k]; } }
  });
});
