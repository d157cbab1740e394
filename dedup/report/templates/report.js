(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var who = document.getElementById("f-who");
  var label = document.getElementById("f-label");
  var min = document.getElementById("f-min");
  var max = document.getElementById("f-max");
  var query = document.getElementById("f-q");
  var status = document.getElementById("f-status");
  var empty = document.getElementById("empty");
  var items = Array.prototype.slice.call(document.querySelectorAll(".item"));
  var clusters = Array.prototype.slice.call(document.querySelectorAll(".cluster"));
  var section = document.getElementById("clusters");
  // Clusters the page leaves out: it shows those most worth a look.
  var more = section ? parseInt(section.dataset.more || "0", 10) : 0;
  var quoteSection = document.getElementById("quotes");
  var moreQuotes = quoteSection ? parseInt(quoteSection.dataset.more || "0", 10) : 0;
  var quotes = items.filter(function (el) { return el.classList.contains("quote"); });

  // The words a reader sees in an element, spaces collapsed: without the
  // screen-reader labels, edit numbers and symbols that the highlighting puts
  // inside a passage, so a phrase reads as written across an edit or a line break.
  var UNSEEN = ".sr, sup, .sym";
  function seen(root) {
    var parts = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentNode.closest(UNSEEN)) { parts.push(node.nodeValue); }
    }
    return parts.join("").replace(/\s+/g, " ").toLowerCase();
  }

  // Search text of each finding: its own text, plus the original it is shown against.
  items.forEach(function (el) {
    var card = el.closest(".cluster");
    var head = card ? seen(card.querySelector(".original")) : "";
    el.dataset.search = seen(el) + " " + head;
  });

  function number(input, fallback) {
    var value = parseFloat(input.value);
    return isNaN(value) ? fallback : value;
  }

  function matches(el, state) {
    if (state.label && el.dataset.label !== state.label) { return false; }
    if (state.who) {
      var kind = state.who.slice(0, 2);
      var value = state.who.slice(2);
      if (kind === "d:" && el.dataset.doc !== value && el.dataset.srcDoc !== value) { return false; }
      if (kind === "s:" && el.dataset.src !== value) { return false; }
    }
    if (el.dataset.fidelity !== "") {
      var fidelity = parseFloat(el.dataset.fidelity);
      if (fidelity < state.min || fidelity > state.max) { return false; }
    } else if (state.min > 0 || state.max < 1) {
      return false;
    }
    return !state.q || el.dataset.search.indexOf(state.q) !== -1;
  }

  function current() {
    return {
      who: who.value,
      label: label.value,
      min: number(min, 0),
      max: number(max, 1),
      q: query.value.replace(/\s+/g, " ").trim().toLowerCase()
    };
  }

  function writeHash(state) {
    var params = new URLSearchParams();
    if (state.who) { params.set("who", state.who); }
    if (state.label) { params.set("label", state.label); }
    if (state.min > 0) { params.set("min", String(state.min)); }
    if (state.max < 1) { params.set("max", String(state.max)); }
    if (query.value.trim()) { params.set("q", query.value.trim()); }
    var hash = params.toString();
    var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
    try { history.replaceState(null, "", url); } catch (e) { location.hash = hash; }
  }

  function readHash() {
    var hash = location.hash.slice(1);
    if (hash.indexOf("=") === -1) { return false; }
    var params = new URLSearchParams(hash);
    var pick = function (select, value) {
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    };
    pick(who, params.get("who") || "");
    pick(label, params.get("label") || "");
    min.value = params.get("min") || "0";
    max.value = params.get("max") || "1";
    query.value = params.get("q") || "";
    return true;
  }

  function apply(save) {
    var state = current();
    var shown = 0;
    items.forEach(function (el) {
      var ok = matches(el, state);
      el.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var clustersShown = 0;
    clusters.forEach(function (card) {
      var visible = card.querySelector(".item:not([hidden])") !== null;
      card.hidden = !visible;
      if (visible) { clustersShown += 1; }
    });
    var quotesShown = quotes.filter(function (el) { return !el.hidden; }).length;
    var parts = [];
    // An audit's page holds quotations and no clusters: "0 of 0 clusters" says nothing.
    if (clusters.length || !quotes.length) {
      parts.push(clustersShown + " of " + clusters.length + " clusters"
                 + (more > 0 ? " on this page (" + more + " more in clusters.csv)" : ""));
    }
    if (quotes.length) {
      parts.push(quotesShown + " of " + quotes.length + " quotations"
                 + (moreQuotes > 0 ? " on this page (" + moreQuotes + " more in quotes.csv)" : ""));
    }
    if (items.length > quotes.length || !quotes.length) {
      parts.push((shown - quotesShown) + " of " + (items.length - quotes.length) + " variants");
    }
    status.textContent = "Showing " + parts.join(", ") + ".";
    empty.hidden = shown !== 0;
    if (save) { writeHash(state); }
  }

  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  // A link that sets filters (a document's id in the documents table) shows what they find.
  window.addEventListener("hashchange", function () {
    if (readHash()) {
      apply(false);
      (document.getElementById("quotes") || document.getElementById("clusters")).scrollIntoView();
    }
  });

  // The filter bar sticks to the top of the window: whatever a link scrolls to
  // (a section, a cluster such as #c17) must come to rest below it, not under it.
  function clearFilterBar() {
    document.documentElement.style.scrollPaddingTop = (form.offsetHeight + 8) + "px";
  }
  if (window.ResizeObserver) {
    new ResizeObserver(clearFilterBar).observe(form);
  } else {
    window.addEventListener("resize", clearFilterBar);
  }

  // Section links scroll without replacing the filter state kept in the fragment.
  Array.prototype.forEach.call(document.querySelectorAll("nav a[href^='#']"), function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      target.scrollIntoView();
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    });
  });

  // Pointing at an edit lights up the same edit on the other side.
  function highlight(event, on) {
    var mark = event.target.closest ? event.target.closest(".e[data-edit]") : null;
    if (!mark) { return; }
    var row = mark.closest(".sbs");
    Array.prototype.forEach.call(
      row.querySelectorAll(".e[data-edit='" + mark.dataset.edit + "']"),
      function (el) { el.classList.toggle("hl", on); }
    );
  }
  document.addEventListener("mouseover", function (e) { highlight(e, true); });
  document.addEventListener("mouseout", function (e) { highlight(e, false); });

  // Sortable table: each heading is a button.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    heads.forEach(function (th, column) {
      var button = th.querySelector("button");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = button.dataset.sort === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > column; });
        rows.sort(function (a, b) {
          var x = a.cells[column].dataset.v;
          var y = b.cells[column].dataset.v;
          var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  });

  // A link to a cluster or quotation (report.html#c17) opens at it, below the filter bar.
  var target = null;
  var name = "";
  if (!readHash()) {
    try {
      name = decodeURIComponent(location.hash.slice(1));
      target = document.getElementById(name);
    } catch (e) {
      target = null;  // a fragment that is no encoded text (#%) names nothing
    }
  }
  apply(false);  // fills the status line: the bar's height is final only now
  // A link to a cluster or quotation the page leaves out (from a colleague) says so.
  if (!target && more > 0 && /^c[0-9]+$/.test(name)) {
    status.textContent = name + " is not on this page, which shows the " + clusters.length
      + " clusters most worth a look: its rows are in clusters.csv. " + status.textContent;
  } else if (!target && moreQuotes > 0 && /^q-q[0-9]+$/.test(name)) {
    status.textContent = name.slice(2) + " is not on this page, which shows the " + quotes.length
      + " quotations most worth a look: its row is in quotes.csv. " + status.textContent;
  }
  clearFilterBar();
  if (target) { target.scrollIntoView(); }
}());
