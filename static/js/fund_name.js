// The new-fund form: the name follows the chosen policy and year ("<title>, <year> fund") until
// the official types a name of their own. Reads data-name-pattern and the options' data-title.
(function () {
  "use strict";
  const form = document.querySelector("form[data-name-pattern]");
  if (!form) return;
  const policy = form.querySelector("select[name=policy]");
  const year = form.querySelector("input[name=year]");
  const name = form.querySelector("input[name=name]");
  if (!policy || !year || !name) return;
  const pattern = form.dataset.namePattern;
  let last = name.value;

  function suggestion() {
    const option = policy.options[policy.selectedIndex];
    const title = option ? option.dataset.title || "" : "";
    if (!title) return "";
    return pattern.replace("{title}", title).replace("{year}", year.value.trim());
  }

  function follow() {
    if (name.value !== last && name.value !== "") return; // typed by hand: keep it
    last = suggestion();
    name.value = last;
  }

  policy.addEventListener("change", follow);
  year.addEventListener("input", follow);
  if (name.value === "") follow();
})();
