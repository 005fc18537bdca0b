// Tandem's own behaviour, on top of USWDS and htmx. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  // A table wider than the screen scrolls inside its own box, never the whole page (WCAG
  // 1.4.10, reflow at 320 px). While it does scroll, the box can be focused (to scroll it with
  // the keyboard) and is a region named by the table's caption.
  var captions = 0;

  function wrapTables(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll("table.usa-table").forEach(function (table) {
      if (table.parentElement.classList.contains("usa-table-container--scrollable")) return;
      var box = document.createElement("div");
      box.className = "usa-table-container--scrollable";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
    markScrolling();
  }

  function markScrolling() {
    document.querySelectorAll(".usa-table-container--scrollable").forEach(function (box) {
      var caption = box.querySelector("caption");
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption) {
          if (!caption.id) caption.id = "tandem-table-caption-" + ++captions;
          box.setAttribute("aria-labelledby", caption.id);
        } else {
          box.setAttribute("aria-label", "Table");
        }
      } else {
        ["tabindex", "role", "aria-labelledby", "aria-label"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }

  // A form shown again with its problems: move focus to the list of problems, so a keyboard
  // or screen reader user hears what to fix instead of starting again from the top.
  function focusErrorSummary(root) {
    if (!root.querySelector) return;
    var summary = root.id === "error-summary" ? root : root.querySelector("#error-summary");
    if (summary) summary.focus();
  }

  // Rows added by htmx are announced politely: the server names what it added in an
  // `HX-Trigger: {"tandem:announce": "..."}` header (tandem/ui/announce.py).
  function announce(message) {
    var region = document.getElementById("tandem-announcements");
    if (!region || !message) return;
    region.textContent = "";
    // A change after the region was emptied is what screen readers pick up.
    window.setTimeout(function () {
      region.textContent = message;
    }, 50);
  }

  document.addEventListener("DOMContentLoaded", function () {
    wrapTables(document);
    focusErrorSummary(document);
  });
  window.addEventListener("resize", markScrolling);
  // Content htmx swapped in (not the page itself, which htmx also reports once).
  document.body.addEventListener("htmx:load", function (event) {
    if (event.detail.elt === document.body) return;
    wrapTables(event.detail.elt);
    focusErrorSummary(event.detail.elt);
  });
  document.body.addEventListener("tandem:announce", function (event) {
    announce(event.detail.value);
  });
})();
