// Search on the static site of `ssvkg publish`: the page lists every resource, each <li> with
// its labels (all languages, lower case) in data-text; this keeps those whose labels contain the
// words of ?q= (as `ssvkg serve`'s search does: the words, spaces normalised, lower case),
// exact matches first, then those starting with them. Without JavaScript the whole list shows.
(function () {
  "use strict";
  var asked = new URLSearchParams(window.location.search).get("q") || "";
  var q = asked.trim().split(/\s+/).join(" ").toLowerCase();
  var box = document.querySelector("form.search input[name=q]");
  if (box) { box.value = asked; }
  document.querySelectorAll("#lang-switch a").forEach(function (a) {  // the other language keeps ?q=
    a.setAttribute("href", a.getAttribute("href").split("?")[0] + window.location.search);
  });
  var list = document.getElementById("hits");
  var count = document.getElementById("search-count");
  if (!q || !list) { return; }
  var items = Array.prototype.slice.call(list.children);
  var ranked = [];
  items.forEach(function (li) {
    var names = (li.getAttribute("data-text") || "").split("\n");
    var best = 3;
    names.forEach(function (name) {
      var rank = name === q ? 0 : name.indexOf(q) === 0 ? 1 : name.indexOf(q) >= 0 ? 2 : 3;
      if (rank < best) { best = rank; }
    });
    if (best < 3) { ranked.push([best, li]); } else { li.hidden = true; }
  });
  ranked.sort(function (a, b) { return a[0] - b[0]; });  // stable: the list's order within a rank
  ranked.forEach(function (pair) { list.appendChild(pair[1]); });
  count.textContent = ranked.length ? ranked.length + " " + count.getAttribute("data-found")
                                    : count.getAttribute("data-none");
  document.title = asked + " · " + document.title;
}());
