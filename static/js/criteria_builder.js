/* The criteria builder (policy staff): clauses and AND / OR / NOT groups without typing JSON.
 *
 * The page gives the tree the server read from the stored JSON Logic (gaoxin/policies/builder.py,
 * same format), the facts catalog, the policy's articles and the translated words, as
 * json_script blocks. This script renders the tree as rows, keeps it as the user edits, and
 * writes the JSON Logic into the `criteria` / `formula` textareas (and the tree into hidden
 * fields, so that a refused save shows the user's own rows again). Numbers stay decimal text
 * from the input to the JSON (never parsed as float). After each change it fires
 * `criteria-changed` on <body>; the live count listens with htmx.
 * No build step, no dependency.
 */
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  var form = document.getElementById("builder-form");
  if (!form) return;
  var FACTS = data("builder-facts") || [];
  var ARTICLES = data("builder-articles") || [];
  var T = data("builder-texts") || {};
  var tree = data("builder-tree");
  var ftree = data("builder-formula-tree");
  // the JSON path of the clause the server refused (e.g. "and[1].>=[0]"), until the next edit
  var errorPath = data("builder-error-path");
  // and the server's message for it ("第 1 行：研发投入占比 的值应为数字"), shown in that row
  var errorMessage = data("builder-error-message");
  var FACT = {};
  FACTS.forEach(function (f) { FACT[f.key] = f; });
  var NUMERIC = { number: 1, money: 1, percent: 1 };
  var MAX_DEPTH = 3;

  var criteriaArea = document.getElementById("id_criteria");
  var formulaArea = document.getElementById("id_formula");
  var treeInput = document.getElementById("id_tree");
  var formulaTreeInput = document.getElementById("id_formula_tree");
  var modeInput = document.getElementById("id_mode");
  var formulaModeInput = document.getElementById("id_formula_mode");
  var builderBox = document.getElementById("criteria-builder");
  var advancedBox = document.getElementById("criteria-advanced");
  var formulaBox = document.getElementById("formula-builder");
  var formulaAdvancedBox = document.getElementById("formula-advanced");

  // -- exact numbers ----------------------------------------------------------------------------

  var NUMBER = /^-?(\d+)(\.\d+)?$/;

  /** Decimal text normalised for JSON ("007.50" → "7.50"), or null when it is not a number. */
  function numberText(text) {
    text = String(text == null ? "" : text).trim().replace(/[,，\s]/g, "");
    if (!NUMBER.test(text)) return null;
    return text.replace(/^(-?)0+(?=\d)/, "$1");
  }

  /** Decimal text times 10^n, exactly, by moving the point ("10", -2 → "0.1"). */
  function shift(text, n) {
    var neg = text.charAt(0) === "-";
    if (neg) text = text.slice(1);
    var parts = text.split(".");
    var digits = parts[0] + (parts[1] || "");
    var point = parts[0].length + n;
    if (point <= 0) { digits = new Array(2 - point).join("0") + digits; point = 1; }
    if (point > digits.length) digits += new Array(point - digits.length + 1).join("0");
    var whole = digits.slice(0, point).replace(/^0+(?=\d)/, "");
    var frac = digits.slice(point).replace(/0+$/, "");
    return (neg ? "-" : "") + whole + (frac ? "." + frac : "");
  }

  function Num(text) { this.text = text; }

  /** JSON text; a Num is written as its decimal text (exact), anything else as JSON. */
  function dump(value, indent) {
    indent = indent || "";
    var inner = indent + "  ";
    if (value instanceof Num) return value.text;
    if (Array.isArray(value)) {
      if (!value.length) return "[]";
      if (value.every(simple)) return "[" + value.map(function (v) { return dump(v); }).join(", ") + "]";
      return "[\n" + value.map(function (v) { return inner + dump(v, inner); }).join(",\n") + "\n" + indent + "]";
    }
    if (value && typeof value === "object") {
      var keys = Object.keys(value);
      if (simple(value)) {
        return "{" + keys.map(function (k) { return JSON.stringify(k) + ": " + dump(value[k]); }).join(", ") + "}";
      }
      return "{\n" + keys.map(function (k) {
        return inner + JSON.stringify(k) + ": " + dump(value[k], inner);
      }).join(",\n") + "\n" + indent + "}";
    }
    return JSON.stringify(value);
  }

  /** A value written on one line: a literal, a number, a {"var": …}, a flat list, an object
   * of literals (a clause's article and label). */
  function simple(v) {
    if (v === null || typeof v !== "object" || v instanceof Num) return true;
    if (Array.isArray(v)) return v.every(function (x) { return x === null || typeof x !== "object" || x instanceof Num; });
    return Object.keys(v).every(function (k) { var x = v[k]; return x === null || typeof x !== "object" || x instanceof Num || (k === "var"); });
  }

  /** A number for the JSON: a Num when valid, else the raw text (the server names the clause). */
  function jsonNumber(text) {
    var n = numberText(text);
    return n === null ? String(text || "") : new Num(n);
  }

  // -- JSON Logic from the tree (same as builder.py's tree_to_criteria) -------------------------

  function rule(c) {
    var fact = FACT[c.fact];
    var v = { "var": c.fact };
    if (c.op === "true" || c.op === "false") return { "==": [v, c.op === "true"] };
    if (c.op === "contains") return { "in": [c.value || "", v] };
    if (c.op === "in") return { "in": [v, (c.value || []).slice()] };
    var out = {};
    out[c.op] = [v, NUMERIC[fact.type] ? jsonNumber(c.value) : (c.value || "")];
    return out;
  }

  function write(node) {
    if (node.kind === "clause") {
      var r = rule(node);
      var info = {};
      if (node.article) info.article = node.article;
      if (node.label) info.label = node.label;
      return Object.keys(info).length ? { clause: info, rule: r } : r;
    }
    var children = node.children.map(write);
    if (node.not && children.length === 1 && node.op === "and") return { "!": children[0] };
    var group = {};
    group[node.op] = children;
    return node.not ? { "!": group } : group;
  }

  function criteriaJSON(root) {
    if (!root.children.length) return "";
    if (root.bare && root.children.length === 1 && !root.not) return dump(write(root.children[0]));
    return dump(write(root));
  }

  function formulaJSON(f) {
    if (f.mode === "none") return "";
    if (f.mode === "fixed") return dump(jsonNumber(f.amount));
    var product = { "*": [{ "var": f.fact }, jsonNumber(f.factor)] };
    if ((f.cap || "").trim()) return dump({ min: [product, jsonNumber(f.cap)] });
    return dump(product);
  }

  // -- small DOM helpers ------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function select(options, value, attrs) {
    var s = el("select", Object.assign({ className: "form-select form-select-sm" }, attrs || {}));
    options.forEach(function (o) {
      var opt = el("option", { value: o[0], text: o[1] });
      if (String(o[0]) === String(value)) opt.selected = true;
      s.appendChild(opt);
    });
    return s;
  }

  var uid = 0;
  function nextId(prefix) { uid += 1; return prefix + "-" + uid; }

  // -- operators and values ---------------------------------------------------------------------

  var SYMBOL = { ">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠" };

  function operators(fact) {
    var t = fact.type;
    if (NUMERIC[t] || t === "date") {
      return [">=", ">", "<=", "<", "==", "!="].map(function (op) { return [op, SYMBOL[op]]; });
    }
    if (t === "boolean") return [["true", T.is_true], ["false", T.is_false]];
    if (t === "set") return [["contains", T.contains]];
    return [["==", "="], ["!=", "≠"], ["in", T.in_list], ["contains", T.contains_text]];
  }

  function choiceLabel(fact, value) {
    var found = (fact.choices || []).filter(function (c) { return c[0] === value; })[0];
    return found ? found[1] : value;
  }

  function suggestion(c) {
    var fact = FACT[c.fact];
    if (!fact) return "";
    if (c.op === "true") return fact.label;
    if (c.op === "false") return fact.label + " ✗";
    if (c.op === "contains") return fact.type === "set" ? choiceLabel(fact, c.value || "") : fact.label + "∋" + (c.value || "");
    if (c.op === "in") return fact.label + "：" + (c.value || []).map(function (v) { return choiceLabel(fact, v); }).join("、");
    var unit = fact.type === "percent" ? "%" : (fact.unit || "");
    var value = c.value || "";
    if (fact.type === "money") {
      var n = numberText(value);
      if (n !== null && Number(n) >= 10000 && /^\d+$/.test(n) && /0000$/.test(n)) return fact.label + SYMBOL[c.op] + shift(n, -4) + "万" + unit;
    }
    return fact.label + SYMBOL[c.op] + value + unit;
  }

  function defaultValue(fact, op) {
    if (op === "in") return [];
    if (op === "true" || op === "false") return "";
    if ((fact.type === "set" || fact.type === "code") && fact.choices.length && op !== "contains") return fact.choices[0][0];
    if (fact.type === "set" && fact.choices.length) return fact.choices[0][0];
    return "";
  }

  function valueControl(c, onChange) {
    var fact = FACT[c.fact];
    var wrap = el("div", { className: "flex-grow-1" });
    if (c.op === "true" || c.op === "false") return wrap;
    if (c.op === "in") {
      if (fact.choices.length) {
        var box = el("div", { className: "d-flex flex-wrap gap-2 border rounded px-2 py-1", "data-testid": "clause-value-list" });
        fact.choices.forEach(function (choice) {
          var id = nextId("in");
          var input = el("input", { type: "checkbox", className: "form-check-input", id: id, value: choice[0] });
          input.checked = (c.value || []).indexOf(choice[0]) >= 0;
          input.addEventListener("change", function () {
            var picked = [];
            box.querySelectorAll("input:checked").forEach(function (i) { picked.push(i.value); });
            c.value = picked;
            onChange();
          });
          box.appendChild(el("div", { className: "form-check form-check-inline m-0" }, [
            input, el("label", { className: "form-check-label small", "for": id, text: choice[1] })]));
        });
        wrap.appendChild(box);
        return wrap;
      }
      var listInput = el("input", { className: "form-control form-control-sm", value: (c.value || []).join(", "),
        "aria-label": T.value, placeholder: T.list_hint, "data-testid": "clause-value" });
      listInput.addEventListener("input", function () {
        c.value = listInput.value.split(/[,，、]/).map(function (s) { return s.trim(); }).filter(Boolean);
        onChange();
      });
      wrap.appendChild(listInput);
      return wrap;
    }
    if ((fact.type === "set" || (fact.type === "code" && c.op !== "contains")) && fact.choices.length) {
      var options = fact.choices.slice();
      if (c.value && !options.some(function (o) { return o[0] === c.value; })) options.unshift([c.value, c.value]);
      var s = select(options, c.value, { "aria-label": T.value, "data-testid": "clause-value" });
      s.addEventListener("change", function () { c.value = s.value; onChange(); });
      wrap.appendChild(s);
      return wrap;
    }
    var attrs = { className: "form-control form-control-sm", value: c.value || "", "aria-label": T.value, "data-testid": "clause-value" };
    if (fact.type === "date") attrs.type = "date";
    if (NUMERIC[fact.type]) { attrs.inputmode = "decimal"; attrs.autocomplete = "off"; }
    var input = el("input", attrs);
    var hint = el("div", { className: "form-text small mt-0", "data-testid": "clause-hint" });
    var feedback = el("div", { className: "invalid-feedback", text: T.not_number });
    function check() {
      if (!NUMERIC[fact.type]) return;
      var n = numberText(input.value);
      input.classList.toggle("is-invalid", input.value.trim() !== "" && n === null);
      hint.textContent = "";
      if (fact.type === "money" && n !== null && Math.abs(Number(n)) >= 10000) {
        hint.textContent = T.wan.replace("%(n)s", shift(n.replace(/^-/, ""), -4));
      }
    }
    input.addEventListener("input", function () { c.value = input.value.trim(); check(); onChange(); });
    var unit = fact.type === "percent" ? "%" : fact.unit;
    var group = el("div", { className: "input-group input-group-sm has-validation" }, [input]);
    if (unit) group.appendChild(el("span", { className: "input-group-text", text: unit }));
    group.appendChild(feedback);
    wrap.appendChild(group);
    wrap.appendChild(hint);
    check();
    return wrap;
  }

  // -- rows -------------------------------------------------------------------------------------

  function clauseRow(c, parent, index) {
    var row = el("div", { className: "builder-clause border rounded bg-body p-2 mb-2", "data-testid": "clause-row" });
    var rerender = function () { render(); changed(); };
    var labelInput;

    function refreshLabel() {
      var next = suggestion(c);
      if (!c.label || c.label === c._auto) {
        c.label = next;
        if (labelInput) labelInput.value = next;
      }
      c._auto = next;
      if (labelInput) labelInput.placeholder = next || T.label_placeholder;
    }
    c._auto = c._auto === undefined ? suggestion(c) : c._auto;

    var factSelect = select(FACTS.map(function (f) { return [f.key, f.label]; }), c.fact,
      { "aria-label": T.fact, "data-testid": "clause-fact" });
    factSelect.addEventListener("change", function () {
      c.fact = factSelect.value;
      var fact = FACT[c.fact];
      c.op = operators(fact)[0][0];
      c.value = defaultValue(fact, c.op);
      refreshLabel();
      rerender();
    });
    var opSelect = select(operators(FACT[c.fact]), c.op, { "aria-label": T.operator, "data-testid": "clause-op" });
    opSelect.addEventListener("change", function () {
      var before = c.op;
      c.op = opSelect.value;
      if ((before === "in") !== (c.op === "in") || c.op === "true" || c.op === "false" || before === "true" || before === "false" || c.op === "contains" || before === "contains") {
        c.value = defaultValue(FACT[c.fact], c.op);
      }
      refreshLabel();
      rerender();
    });
    var value = valueControl(c, function () { refreshLabel(); changed(); });

    var articleOptions = [["", T.no_article]].concat(ARTICLES.map(function (a) {
      return [a.number, a.number + " " + (a.text.length > 18 ? a.text.slice(0, 18) + "…" : a.text)];
    }));
    if (c.article && !ARTICLES.some(function (a) { return a.number === c.article; })) articleOptions.push([c.article, c.article]);
    var articleSelect = select(articleOptions, c.article || "", { "aria-label": T.article, "data-testid": "clause-article" });
    articleSelect.addEventListener("change", function () { c.article = articleSelect.value; changed(); });

    labelInput = el("input", { className: "form-control form-control-sm", value: c.label || "",
      placeholder: c._auto || T.label_placeholder, "aria-label": T.label, "data-testid": "clause-label", maxlength: "80" });
    labelInput.addEventListener("input", function () { c.label = labelInput.value; changed(); });

    var remove = el("button", { type: "button", className: "btn btn-outline-danger btn-sm", title: T.remove,
      "aria-label": T.remove, "data-testid": "clause-remove" }, [el("i", { className: "bi bi-x-lg" })]);
    remove.addEventListener("click", function () { parent.children.splice(index, 1); rerender(); });

    if (holdsError(c._path)) {
      row.classList.add("border-danger", "border-2");
      row.setAttribute("aria-invalid", "true");
      row.setAttribute("data-error", "true");
      row.appendChild(el("div", { className: "text-danger small mb-1", role: "alert", "data-testid": "clause-error", text: errorMessage || T.clause_error }));
    }
    row.appendChild(el("div", { className: "small text-secondary mb-1", "data-testid": "clause-number", text: T.row.replace("%(n)s", c._number) }));
    row.appendChild(el("div", { className: "row g-2 align-items-start" }, [
      el("div", { className: "col-12 col-md-4 col-lg-3" }, [factSelect]),
      el("div", { className: "col-5 col-md-3 col-lg-2" }, [opSelect]),
      el("div", { className: "col-7 col-md-5 col-lg-4 d-flex" }, [value]),
      el("div", { className: "col-12 col-md-4 col-lg-3" }, [articleSelect]),
      el("div", { className: "col-10 col-md-7 col-lg-11" }, [labelInput]),
      el("div", { className: "col-2 col-md-1 text-end" }, [remove]),
    ]));
    return row;
  }

  function newClause() {
    var fact = FACTS[0];
    var c = { kind: "clause", fact: fact.key, op: operators(fact)[0][0], value: "", article: "", label: "" };
    c.value = defaultValue(fact, c.op);
    return c;
  }

  function groupBox(g, parent, index, depth) {
    var box = el("div", { className: "builder-group border rounded p-2 mb-2 " + (depth ? "bg-body-tertiary" : "bg-light-subtle"),
      "data-testid": depth ? "group-box" : "root-group" });
    var opSelect = select([["and", T.all], ["or", T.any]], g.op, { "aria-label": T.group, "data-testid": "group-op", style: "max-width: 16rem" });
    opSelect.addEventListener("change", function () { g.op = opSelect.value; changed(); });
    var notId = nextId("not");
    var notInput = el("input", { type: "checkbox", className: "form-check-input", id: notId, "data-testid": "group-not" });
    notInput.checked = !!g.not;
    notInput.addEventListener("change", function () { g.not = notInput.checked; changed(); });
    var header = el("div", { className: "d-flex flex-wrap align-items-center gap-2 mb-2" }, [
      depth ? el("span", { className: "small text-secondary", "data-testid": "group-number", text: T.group_n.replace("%(n)s", g._number) }) : null,
      opSelect,
      el("div", { className: "form-check m-0" }, [notInput, el("label", { className: "form-check-label small", "for": notId, text: T.not })]),
    ]);
    if (depth) {
      var remove = el("button", { type: "button", className: "btn btn-outline-danger btn-sm ms-auto", "data-testid": "group-remove" },
        [el("i", { className: "bi bi-trash" }), document.createTextNode(" " + T.remove_group)]);
      remove.addEventListener("click", function () { parent.children.splice(index, 1); render(); changed(); });
      header.appendChild(remove);
    }
    if (depth && holdsError(g._path) && !g.children.length) {
      box.classList.add("border-danger", "border-2");
      box.setAttribute("aria-invalid", "true");
      box.setAttribute("data-error", "true");
      box.appendChild(el("div", { className: "text-danger small mb-1", role: "alert", "data-testid": "group-error", text: errorMessage || T.clause_error }));
    }
    box.appendChild(header);
    if (!g.children.length) box.appendChild(el("p", { className: "small text-secondary mb-2", text: T.empty_group }));
    g.children.forEach(function (child, i) {
      box.appendChild(child.kind === "group" ? groupBox(child, g, i, depth + 1) : clauseRow(child, g, i));
    });
    var addClause = el("button", { type: "button", className: "btn btn-outline-primary btn-sm", "data-testid": depth ? "group-add-clause" : "add-clause" },
      [el("i", { className: "bi bi-plus-lg" }), document.createTextNode(" " + T.add_clause)]);
    addClause.addEventListener("click", function () { g.children.push(newClause()); render(); changed(); });
    var actions = el("div", { className: "d-flex flex-wrap gap-2" }, [addClause]);
    if (depth < MAX_DEPTH - 1) {
      var addGroup = el("button", { type: "button", className: "btn btn-outline-secondary btn-sm", "data-testid": depth ? "group-add-group" : "add-group" },
        [el("i", { className: "bi bi-diagram-2" }), document.createTextNode(" " + T.add_group)]);
      addGroup.addEventListener("click", function () {
        g.children.push({ kind: "group", op: g.op === "and" ? "or" : "and", not: false, children: [newClause()] });
        render(); changed();
      });
      actions.appendChild(addGroup);
    }
    box.appendChild(actions);
    return box;
  }

  // -- each clause's JSON path, as write() lays the tree out and the server names errors ---------

  function childPath(path, op, i) { return (path ? path + "." : "") + op + "[" + i + "]"; }

  // rows are numbered as the server names them (builder.py's layout): clauses 1, 2 … and
  // nested groups 1, 2 … in the order shown, depth first
  var counts;

  function assignPaths(node, path, root) {
    node._path = path;
    if (node.kind === "clause") { counts.clause += 1; node._number = counts.clause; return; }
    if (!root) { counts.group += 1; node._number = counts.group; }
    var inner = node.not ? childPath(path, "!", 0) : path;
    if (node.not && node.children.length === 1 && node.op === "and") {
      assignPaths(node.children[0], inner);
      return;
    }
    node.children.forEach(function (child, i) { assignPaths(child, childPath(inner, node.op, i)); });
  }

  /** Does the error at errorPath lie in the clause at path (the clause itself or inside it)? */
  function holdsError(path) {
    if (typeof errorPath !== "string" || path === undefined) return false;
    return errorPath === path || errorPath.indexOf(path === "" ? "" : path + ".") === 0;
  }

  function render() {
    if (!tree) return;
    counts = { clause: 0, group: 0 };
    if (tree.bare && tree.children.length === 1 && !tree.not) assignPaths(tree.children[0], "", true);
    else assignPaths(tree, "", true);
    builderBox.innerHTML = "";
    builderBox.appendChild(groupBox(tree, null, 0, 0));
  }

  // -- the formula presets ----------------------------------------------------------------------

  function renderFormula() {
    formulaBox.innerHTML = "";
    var modes = [["none", T.f_none], ["fixed", T.f_fixed], ["rate", T.f_rate], ["advanced", T.f_advanced]];
    var radios = el("div", { className: "d-flex flex-wrap gap-3 mb-2", role: "radiogroup" });
    modes.forEach(function (m) {
      var id = nextId("fm");
      var input = el("input", { type: "radio", className: "form-check-input", name: "formula_preset", id: id, value: m[0], "data-testid": "formula-mode-" + m[0] });
      input.checked = ftree.mode === m[0];
      input.addEventListener("change", function () {
        if (m[0] === "advanced") {
          ftree = { mode: "advanced" };
        } else {
          ftree = { mode: m[0], amount: ftree.amount || "", fact: ftree.fact || "rnd_expense", factor: ftree.factor || "", cap: ftree.cap || "" };
        }
        renderFormula();
        changed(m[0] === "advanced");
      });
      radios.appendChild(el("div", { className: "form-check m-0" }, [input, el("label", { className: "form-check-label", "for": id, text: m[1] })]));
    });
    formulaBox.appendChild(radios);
    formulaAdvancedBox.classList.toggle("d-none", ftree.mode !== "advanced");
    formulaModeInput.value = ftree.mode === "advanced" ? "advanced" : "builder";
    if (ftree.mode === "fixed") {
      formulaBox.appendChild(moneyInput(T.f_amount, "amount", "formula-amount"));
    } else if (ftree.mode === "rate") {
      var numericFacts = FACTS.filter(function (f) { return NUMERIC[f.type]; });
      var factSelect = select(numericFacts.map(function (f) { return [f.key, f.label]; }), ftree.fact, { "aria-label": T.fact, "data-testid": "formula-fact" });
      factSelect.addEventListener("change", function () { ftree.fact = factSelect.value; renderFormula(); changed(); });
      var isMoney = FACT[ftree.fact] && FACT[ftree.fact].type === "money";
      var shown = numberText(ftree.factor) === null ? (ftree.factor || "") : (isMoney ? shift(numberText(ftree.factor), 2) : ftree.factor);
      var factorInput = el("input", { className: "form-control", inputmode: "decimal", value: shown, "aria-label": isMoney ? T.f_rate_pct : T.f_per_unit, "data-testid": "formula-rate" });
      factorInput.addEventListener("input", function () {
        var n = numberText(factorInput.value);
        factorInput.classList.toggle("is-invalid", factorInput.value.trim() !== "" && n === null);
        ftree.factor = n === null ? factorInput.value.trim() : (isMoney ? shift(n, -2) : n);
        changed();
      });
      formulaBox.appendChild(el("div", { className: "row g-2 align-items-start" }, [
        el("div", { className: "col-md-4" }, [el("label", { className: "form-label small mb-1", text: isMoney ? T.f_rate_pct : T.f_per_unit }),
          el("div", { className: "input-group" }, [factorInput, el("span", { className: "input-group-text", text: isMoney ? "%" : T.yuan })])]),
        el("div", { className: "col-md-4" }, [el("label", { className: "form-label small mb-1", text: T.f_of }), factSelect]),
        el("div", { className: "col-md-4" }, [moneyInput(T.f_cap, "cap", "formula-cap")]),
      ]));
    }
  }

  function moneyInput(label, key, testid) {
    var input = el("input", { className: "form-control", inputmode: "decimal", value: ftree[key] || "", "aria-label": label, "data-testid": testid, placeholder: key === "cap" ? T.f_no_cap : "" });
    var hint = el("div", { className: "form-text small" });
    function check() {
      var n = numberText(input.value);
      input.classList.toggle("is-invalid", input.value.trim() !== "" && n === null);
      hint.textContent = n !== null && Number(n) >= 10000 ? T.wan.replace("%(n)s", shift(n, -4)) : "";
    }
    input.addEventListener("input", function () { ftree[key] = input.value.trim(); check(); changed(); });
    check();
    return el("div", {}, [el("label", { className: "form-label small mb-1", text: label }),
      el("div", { className: "input-group" }, [input, el("span", { className: "input-group-text", text: T.yuan })]), hint]);
  }

  // -- syncing ----------------------------------------------------------------------------------

  function strip(node) {
    return JSON.parse(JSON.stringify(node, function (k, v) { return k === "_auto" || k === "_path" || k === "_number" ? undefined : v; }));
  }

  function changed(keepFormulaText) {
    errorPath = null; // the refused clause is highlighted until the first edit
    if (tree && modeInput.value !== "advanced") {
      criteriaArea.value = criteriaJSON(tree);
      treeInput.value = JSON.stringify(strip(tree));
    }
    if (ftree && ftree.mode !== "advanced" && !keepFormulaText) {
      formulaArea.value = formulaJSON(ftree);
    }
    formulaTreeInput.value = ftree ? JSON.stringify(ftree) : "";
    document.body.dispatchEvent(new CustomEvent("criteria-changed", { bubbles: true }));
  }

  function setMode(mode) {
    modeInput.value = mode;
    var advanced = mode === "advanced";
    builderBox.classList.toggle("d-none", advanced);
    advancedBox.classList.toggle("d-none", !advanced);
    document.getElementById("to-advanced").classList.toggle("d-none", advanced);
    document.getElementById("to-builder").classList.toggle("d-none", !advanced);
  }

  document.getElementById("to-advanced").addEventListener("click", function () {
    changed();
    setMode("advanced");
    criteriaArea.focus();
  });
  criteriaArea.addEventListener("input", function () {
    document.body.dispatchEvent(new CustomEvent("criteria-changed", { bubbles: true }));
  });

  if (!ftree) ftree = { mode: "advanced" };
  if (!tree) {
    setMode("advanced");
  } else {
    setMode(modeInput.value === "advanced" ? "advanced" : "builder");
    render();
    var refused = builderBox.querySelector("[data-error]");
    if (refused && refused.scrollIntoView) refused.scrollIntoView({ block: "center" });
  }
  renderFormula();
  if (tree && modeInput.value !== "advanced") {
    treeInput.value = JSON.stringify(strip(tree));
    if (tree.children.length) criteriaArea.value = criteriaJSON(tree);
  }
  formulaTreeInput.value = JSON.stringify(ftree);
  if (ftree.mode !== "advanced") formulaArea.value = formulaJSON(ftree);

  window.gaoxinCriteriaBuilder = { criteriaJSON: function () { return criteriaArea.value; }, shift: shift };
})();
