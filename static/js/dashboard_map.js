// The map: show the name of the municipality under the pointer or keyboard focus below the map.
// The same name is each link's <title> (a tooltip, and the link's accessible name without this script).
(function () {
  "use strict";
  function init() {
    var map = document.querySelector(".dashboard-map");
    var caption = document.getElementById("map-caption");
    if (!map || !caption) {
      return;
    }
    var initial = caption.textContent;
    function show(event) {
      var link = event.target.closest ? event.target.closest("a") : null;
      if (link && map.contains(link)) {
        caption.textContent = link.getAttribute("data-name") || initial;
      }
    }
    map.addEventListener("mouseover", show);
    map.addEventListener("focusin", show);
    map.addEventListener("mouseleave", function () { caption.textContent = initial; });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
