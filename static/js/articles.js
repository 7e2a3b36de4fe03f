/* Articles of a policy (policy staff): add, remove and reorder the article rows of the form. */
(function () {
  "use strict";
  var box = document.getElementById("article-rows");
  var add = document.getElementById("add-article");
  if (!box || !add) return;
  add.addEventListener("click", function () {
    var rows = box.querySelectorAll(".article-row");
    var copy = rows[rows.length - 1].cloneNode(true);
    copy.querySelectorAll("input, textarea").forEach(function (el) { el.value = ""; });
    box.appendChild(copy);
    copy.querySelector("input").focus();
  });
  box.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var row = button.closest(".article-row");
    if (button.hasAttribute("data-remove")) {
      if (box.querySelectorAll(".article-row").length > 1) { row.remove(); }
      else { row.querySelectorAll("input, textarea").forEach(function (el) { el.value = ""; }); }
    } else if (button.dataset.move === "-1" && row.previousElementSibling) {
      box.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === "1" && row.nextElementSibling) {
      box.insertBefore(row.nextElementSibling, row);
    }
  });
})();
