// Sign-up helpers: occupations suggested as one types (GET /api/occupations), the closest ones
// put in the field when a refused entry's "did you mean" is clicked, communes as one types
// (GET /api/places/suggestions), and the neighbourhood a postal code names (GET /api/places).
// The form works without them.
//
// The occupation suggestions are our own list box, not a <datalist>: a browser filters a
// datalist's options by the letters typed, which hides "caissière" from someone typing "caissiere"
// or "cashier", while the server's search finds titles whatever their accents, gender, order or
// typos.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "fr";
  var SHOWN = 8;

  document.querySelectorAll("[data-occupation-lookup]").forEach(function (input) {
    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-occupation-lookup") || "");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var pending = null;
    var asked = 0;
    var active = -1;

    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(option) {
      input.value = option.getAttribute("data-value");
      close();
    }
    function highlight(n) {
      var all = options();
      if (!all.length) { return; }
      active = (n + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    function show(items) {
      list.replaceChildren.apply(list, items.slice(0, SHOWN).map(function (o, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-value", o.text || o.label);
        option.setAttribute("data-code", o.code);
        option.textContent = o.text || o.label;
        // mousedown, not click: a click would first blur the field, which closes the list.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(option);
        });
        return option;
      }));
      active = -1;
      list.hidden = !items.length;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }

    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(pending);
      if (q.length < 2) { close(); return; }
      pending = setTimeout(function () {
        var ticket = ++asked;
        fetch("/api/occupations?page_size=" + SHOWN + "&locale=" + lang + "&q=" +
              encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (found) {
            if (ticket !== asked) { return; }  // an older answer, arriving after a newer one
            show(Array.isArray(found) ? found : (found.items || []));
          }).catch(function () {});
      }, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", close);
  });

  document.querySelectorAll("[data-fill]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-fill"));
      if (field) { field.value = button.value; field.focus(); }
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
