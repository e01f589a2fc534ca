// Progressive enhancements only: every page reads and works without this file.
(function () {
  "use strict";
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
})();
