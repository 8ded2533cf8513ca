// The sponsor's swipe deck: arrow keys, the two buttons, or dragging the card (touch or mouse).
// The next card is already in memory when a swipe happens: the swipe is sent in the background and
// more cards are fetched while a few are still left, so the next card shows at once.
(function () {
  "use strict";
  var first = JSON.parse(document.getElementById("deck-first").textContent);
  var words = JSON.parse(document.getElementById("deck-words").textContent);
  var card = document.getElementById("card");
  var empty = document.getElementById("deck-empty");
  var status = document.getElementById("deck-status");
  var likeButton = document.getElementById("like");
  var passButton = document.getElementById("pass");
  var blockLink = document.getElementById("deck-block");
  var PREFETCH_BELOW = 8, FETCH_SIZE = 30, DRAG_THRESHOLD = 90;

  var queue = [], seen = new Set(), fetching = null, exhausted = false;
  // Read by the browser tests: milliseconds from each swipe to the next card on screen.
  var deck = window.binomeDeck = { timings: [], swipes: 0, sent: 0, mutual: 0 };

  function cardsOf(answer) { return answer.cards || answer.items || []; }

  function take(cards) {
    cards.forEach(function (c) {
      if (!seen.has(c.id)) { seen.add(c.id); queue.push(c); }
    });
  }

  function element(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function fact(list, label, value) {
    if (!value || (Array.isArray(value) && !value.length)) { return; }
    list.appendChild(element("dt", "", label));
    list.appendChild(element("dd", "", Array.isArray(value) ? value.join(", ") : value));
  }

  function show() {
    var current = queue[0];
    card.style.transform = "";
    card.classList.remove("leaving-left", "leaving-right");
    if (!current) {
      card.hidden = true; empty.hidden = false; if (blockLink) { blockLink.hidden = true; }
      likeButton.disabled = passButton.disabled = true;
      return;
    }
    var body = document.createDocumentFragment();
    body.appendChild(element("h2", "card-name", current.display_name));
    var facts = element("dl", "facts");
    fact(facts, words["deck.target"], current.target_occupation);
    fact(facts, words["deck.skills"], current.skills);
    fact(facts, words["deck.lives"], current.neighbourhood);
    fact(facts, words["deck.speaks"], current.language_names || current.languages);
    body.appendChild(facts);
    if (current.own_words) { body.appendChild(element("blockquote", "own-words", current.own_words)); }
    var why = element("details", "why");
    why.appendChild(element("summary", "", words["deck.why"]));
    var reasons = element("ul", "reasons");
    (current.reasons || []).forEach(function (r) { reasons.appendChild(element("li", "", r)); });
    why.appendChild(reasons);
    body.appendChild(why);
    card.replaceChildren(body);
    card.dataset.person = current.id;
    // "Block or report" (templates/_deck_block.html) names the card shown.
    if (blockLink) { blockLink.href = "/people/" + encodeURIComponent(current.id) + "/block?next=%2Fsponsor"; blockLink.hidden = false; }
    card.hidden = false; empty.hidden = true;
    likeButton.disabled = passButton.disabled = false;
  }

  function refill() {
    if (fetching || exhausted || queue.length >= PREFETCH_BELOW) { return fetching; }
    // Swiped cards leave the feed, so its first page is always the next unseen ones.
    fetching = fetch("/api/me/feed?page=1&page_size=" + FETCH_SIZE, {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (answer) {
        var before = queue.length;
        take(cardsOf(answer));
        if (queue.length === before && cardsOf(answer).length < FETCH_SIZE) { exhausted = true; }
        var wasEmpty = before === 0;
        fetching = null;
        if (wasEmpty) { show(); }
      })
      .catch(function () { fetching = null; });
    return fetching;
  }

  function send(id, decision) {
    return fetch("/api/people/" + encodeURIComponent(id) + "/swipe", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({decision: decision})
    }).then(function (r) {
      return r.json().then(function (answer) {
        deck.sent += 1;
        if (r.status === 429) { status.textContent = words["deck.rate_limited"]; return; }
        if (!r.ok) { status.textContent = words["deck.error"]; return; }
        if (answer.sponsorship) {
          deck.mutual += 1;
          status.replaceChildren(element("span", "", words["deck.mutual"] + " "));
          var link = element("a", "", words["deck.sponsored_link"]);
          link.href = "/sponsor/sponsored";
          link.id = "mutual-link";
          status.appendChild(link);
        }
      });
    }).catch(function () { status.textContent = words["deck.error"]; });
  }

  function swipe(decision) {
    var current = queue[0];
    if (!current) { return; }
    var started = performance.now();
    queue.shift();
    deck.swipes += 1;
    show();
    // Two frames: the next card has been painted by the time the second one starts.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { deck.timings.push(performance.now() - started); });
    });
    if (!status.querySelector("a")) {
      status.textContent = words[decision === "like" ? "deck.liked" : "deck.passed"];
    }
    send(current.id, decision);
    refill();
  }

  likeButton.addEventListener("click", function () { swipe("like"); });
  passButton.addEventListener("click", function () { swipe("pass"); });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
    if (typing || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === "ArrowRight") { event.preventDefault(); swipe("like"); }
    if (event.key === "ArrowLeft") { event.preventDefault(); swipe("pass"); }
  });

  // Dragging: past the threshold the card goes that way; short of it, it comes back. A tap
  // (no movement) does nothing, so the "why" details can still be opened.
  var dragFrom = null;
  card.addEventListener("pointerdown", function (event) {
    if (event.target.closest("summary, a")) { return; }
    dragFrom = event.clientX;
    card.setPointerCapture(event.pointerId);
  });
  card.addEventListener("pointermove", function (event) {
    if (dragFrom === null) { return; }
    var dx = event.clientX - dragFrom;
    card.style.transform = "translateX(" + dx + "px) rotate(" + dx / 20 + "deg)";
  });
  function drop(event) {
    if (dragFrom === null) { return; }
    var dx = event.clientX - dragFrom;
    dragFrom = null;
    if (dx > DRAG_THRESHOLD) { swipe("like"); }
    else if (dx < -DRAG_THRESHOLD) { swipe("pass"); }
    else { card.style.transform = ""; }
  }
  card.addEventListener("pointerup", drop);
  card.addEventListener("pointercancel", function () { dragFrom = null; card.style.transform = ""; });

  take(cardsOf(first));
  if (!queue.length) { exhausted = true; }
  show();
  refill();
}());
