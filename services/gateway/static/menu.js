// The header's menu (templates/base.html) is a <details>, so that on a phone it opens by touch or
// keyboard without any script. On a desktop this script keeps it open, its links in the header's
// row (site.css): the links of a closed <details> cannot take the focus, even when shown, so a
// keyboard could not reach them otherwise. Without the script a desktop keeps the Menu button.
(function () {
  "use strict";
  var menu = document.querySelector("details.menu");
  if (!menu || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 48rem)");
  function follow() {
    menu.open = wide.matches;
  }
  follow();
  wide.addEventListener("change", follow);
}());
