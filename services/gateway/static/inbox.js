// Opening a notification marks it read, through the JSON API, and the header's count follows.
(function () {
  "use strict";
  document.querySelectorAll("li.unread[data-notification] details").forEach(function (details) {
    details.addEventListener("toggle", function () {
      var item = details.closest("li");
      if (!details.open || !item.classList.contains("unread")) { return; }
      fetch("/api/me/notifications/" + item.dataset.notification + "/read",
            {method: "POST", credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) {
          if (!answer) { return; }
          item.classList.remove("unread");
          var tag = item.querySelector(".tag"); if (tag) { tag.remove(); }
          var form = item.querySelector(".mark-read"); if (form) { form.remove(); }
          var badge = document.getElementById("unread-count");
          if (badge && typeof answer.unread === "number") { badge.textContent = answer.unread; }
        }).catch(function () {});
    });
  });
}());
