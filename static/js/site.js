// Progressive enhancements only: every page reads and works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");  // CSS leaves tooltip placement to place() below
  // The root page: go to the reader's preferred language when the site has it.
  var chooser = document.querySelector(".chooser[data-languages]");
  if (chooser) {
    var offered = chooser.getAttribute("data-languages").split(" ");
    var wanted = (navigator.languages || [navigator.language || ""]).map(function (l) {
      return l.slice(0, 2).toLowerCase();
    });
    for (var i = 0; i < wanted.length; i++) {
      if (offered.indexOf(wanted[i]) !== -1) {
        var link = chooser.querySelector('a[hreflang="' + wanted[i] + '"]');
        if (link) { window.location.replace(link.href); }
        break;
      }
    }
  }
  // Glossary tooltips: Escape hides the one shown (WCAG 1.4.13, dismissible).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelectorAll(".term:hover, .term:focus-within");
    for (var j = 0; j < open.length; j++) { open[j].classList.add("term--dismissed"); }
  });
  document.addEventListener("focusout", function (event) {
    var term = event.target.closest && event.target.closest(".term");
    if (term) { term.classList.remove("term--dismissed"); }
  });
  document.addEventListener("mouseout", function (event) {
    var term = event.target.closest && event.target.closest(".term");
    if (term && !term.contains(event.relatedTarget)) { term.classList.remove("term--dismissed"); }
  });
  // Glossary tooltips: nudge a tip sideways when it would leave the viewport (CSS positions it;
  // the custom property is set through the CSSOM, which the style-src 'self' policy allows).
  function place(event) {
    var term = event.target.closest && event.target.closest(".term");
    var tip = term && term.querySelector(".term-tip");
    if (!tip) { return; }
    tip.style.removeProperty("--tip-shift");
    var box = tip.getBoundingClientRect();
    if (!box.width || getComputedStyle(tip).position !== "absolute") { return; }
    var margin = 8, room = document.documentElement.clientWidth, shift = 0;
    if (box.right > room - margin) { shift = room - margin - box.right; }
    if (box.left + shift < margin) { shift = margin - box.left; }
    if (shift) { tip.style.setProperty("--tip-shift", Math.round(shift) + "px"); }
  }
  document.addEventListener("mouseover", place);
  document.addEventListener("focusin", place);
})();
