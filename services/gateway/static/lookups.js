// Sign-up helpers: occupations suggested as one types (GET /api/occupations), communes too
// (GET /api/places/suggestions), and the neighbourhood a postal code names (GET /api/places).
// The form works without them.
(function () {
  "use strict";
  var list = document.getElementById("occupation-list");
  var lang = document.documentElement.lang || "fr";
  var pending = null;
  document.querySelectorAll("[data-occupation-lookup]").forEach(function (input) {
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 2) { return; }
      clearTimeout(pending);
      pending = setTimeout(function () {
        fetch("/api/occupations?locale=" + lang + "&q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (found) {
            var items = Array.isArray(found) ? found : (found.items || []);
            list.replaceChildren.apply(list, items.map(function (o) {
              var option = document.createElement("option");
              option.value = o.label;
              option.label = o.code;
              return option;
            }));
          }).catch(function () {});
      }, 150);
    });
  });
  // Communes as one types (GET /api/places/suggestions): each offered with its postal code and
  // département, and picking one puts in the field the text that names it alone ("93200 Saint-Denis").
  var places = document.getElementById("place-list");
  var placePending = null;
  document.querySelectorAll("[data-place-lookup]").forEach(function (input) {
    if (!places) { return; }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 2) { return; }
      clearTimeout(placePending);
      placePending = setTimeout(function () {
        fetch("/api/places/suggestions?q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (found) {
            places.replaceChildren.apply(places, (found.items || []).map(function (p) {
              var option = document.createElement("option");
              option.value = p.text;
              option.label = p.name + " — " + (p.postal_code || "") + ", " + p.department_name;
              return option;
            }));
          }).catch(function () {});
      }, 120);
    });
  });
  var place = document.querySelector("[data-place-lookup]");
  var found = document.getElementById("place-found");
  if (place && found) {
    place.addEventListener("change", function () {
      var q = place.value.trim();
      if (!q) { found.textContent = ""; return; }
      fetch("/api/places?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) { found.textContent = p ? p.neighbourhood || p.postal_code : ""; })
        .catch(function () {});
    });
  }
}());
