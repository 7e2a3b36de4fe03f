/* API tokens: the "copy" button next to a token shown once. */
(function () {
  "use strict";
  var button = document.getElementById("copy-token");
  var input = document.getElementById("new-token-key");
  if (!button || !input) return;
  button.addEventListener("click", function () {
    input.select();
    var done = function () {
      button.replaceChildren();
      var icon = document.createElement("i");
      icon.className = "bi bi-check2";
      button.append(icon, " " + button.dataset.copied);
    };
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(input.value).then(done); }
    else { document.execCommand("copy"); done(); }
  });
})();
