// The interactive API docs at /api/docs (templates/api/docs.html): Swagger UI, vendored in
// static/vendor/swagger-ui, reading the OpenAPI document's URL from a data- attribute so the page
// needs no inline script. Writes made from the page with the browser session send the CSRF token.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var csrfToken = root.getAttribute("data-csrf-token");
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    requestInterceptor: function (request) {
      if (csrfToken && request.method && request.method.toUpperCase() !== "GET") {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
})();
