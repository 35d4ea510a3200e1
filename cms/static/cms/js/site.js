// Every page: disclosure buttons (the phone menu, the account menu, the search page's filter drawer) and labels
// for tables that stack into cards on phones. Without JavaScript the menus stay open and tables keep headers.
(function () {
  "use strict";
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary";

  // A button with data-disclosure opens and closes the element its aria-controls names (class is-open).
  // A target with data-modal is a drawer: it takes the focus, keeps Tab inside and locks the page's scrolling.
  function targetOf(button) { return document.getElementById(button.getAttribute("aria-controls")); }
  function isOpen(button) { return button.getAttribute("aria-expanded") === "true"; }

  function setOpen(button, open) {
    var target = targetOf(button);
    if (!target) return;
    button.setAttribute("aria-expanded", String(open));
    target.classList.toggle("is-open", open);
    if (target.hasAttribute("data-modal")) {
      document.body.classList.toggle("has-drawer", open);
      if (open) {
        var first = target.querySelector(FOCUSABLE);
        (first || target).focus();
      }
    }
  }

  function openButtons() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-disclosure]"), isOpen);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-disclosure]");
    if (button) {
      // Opening one closes the others, except the one it sits in (the account menu inside the phone menu).
      openButtons().forEach(function (open) {
        if (open !== button && !targetOf(open).contains(button)) setOpen(open, false);
      });
      setOpen(button, !isOpen(button));
      return;
    }
    var closer = event.target.closest("[data-close]");
    // A click outside an open disclosure (or on its close button or backdrop) closes it.
    openButtons().forEach(function (open) {
      var target = targetOf(open);
      var inside = target && target.contains(event.target) && !(closer && target.contains(closer));
      if (!inside) {
        setOpen(open, false);
        if (closer) open.focus();
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    var open = openButtons();
    if (!open.length) return;
    var last = open[open.length - 1], target = targetOf(last);
    if (event.key === "Escape") {
      setOpen(last, false);
      last.focus();
    } else if (event.key === "Tab" && target.hasAttribute("data-modal")) {
      var items = Array.prototype.filter.call(target.querySelectorAll(FOCUSABLE), function (el) {
        return el.offsetParent !== null;
      });
      if (!items.length) return;
      var first = items[0], end = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) { event.preventDefault(); end.focus(); }
      else if (!event.shiftKey && document.activeElement === end) { event.preventDefault(); first.focus(); }
    }
  });

  // A drawer or dropdown left open when the window grows to desktop width would stay open there: close them.
  window.addEventListener("resize", function () {
    openButtons().forEach(function (button) {
      if (button.offsetParent === null) setOpen(button, false);
    });
  });

  // A listing's contact bar (phones) steps aside while the contact card it leads to is on screen.
  var contactBar = document.querySelector(".contact-bar"), contactCard = document.getElementById("contact");
  if (contactBar && contactCard && window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      contactBar.classList.toggle("is-hidden", entries[0].isIntersecting);
    }).observe(contactCard);
  }

  // Tables stack into cards on phones (site.css): each cell is labelled with its column's heading, unless the
  // template already gave it a data-label.
  document.querySelectorAll("table.table").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (cell.tagName === "TD" && headings[i] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", headings[i]);
        }
      });
    });
  });
})();
