(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var q = document.getElementById("q"), kind = document.getElementById("kind"), story = document.getElementById("story");
  var groups = Array.prototype.slice.call(document.querySelectorAll("details.group"));
  var stories = Array.prototype.slice.call(document.querySelectorAll("section.story"));
  var shown = document.getElementById("shown"), none = document.getElementById("none");
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  function apply() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean), n = 0;
    groups.forEach(function (g) {
      var text = g.getAttribute("data-search");
      var ok = (!kind.value || g.getAttribute("data-kind") === kind.value) &&
        (!story || !story.value || g.getAttribute("data-story") === story.value) &&
        words.every(function (w) { return text.indexOf(w) >= 0; });
      g.hidden = !ok;
      if (ok) { n += 1; }
    });
    stories.forEach(function (s) { s.hidden = !s.querySelector("details.group:not([hidden])"); });
    shown.textContent = n === groups.length ? "" : n + " of " + groups.length + " shown";
    none.hidden = n > 0;
  }
  [q, kind, story].forEach(function (el) { if (el) { el.addEventListener("input", apply); } });
  Array.prototype.forEach.call(document.querySelectorAll("a.count[data-kind]"), function (a) {
    a.addEventListener("click", function () { kind.value = a.getAttribute("data-kind"); apply(); });
  });
  function reveal() {  // #flag-ID or a group inside folds: unfold them and clear the filters hiding it
    var id = decodeURIComponent(location.hash.slice(1)), el = id && document.getElementById(id);
    if (!el) { return; }
    var g = el.closest("details.group");
    if (g && g.hidden) { q.value = ""; kind.value = ""; if (story) { story.value = ""; } apply(); }
    var folded = false;
    for (var d = el; d; d = d.parentElement) {
      if (d.tagName === "DETAILS" && !d.open) { d.open = true; folded = true; }
    }
    if (folded) { el.scrollIntoView(); }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
}());
