// CareerConnect's small enhancements; every page works without them.
(function () {
  "use strict";

  // Suggest the browser's own time zone where a form asks for one and the
  // person has not chosen yet (sign-up, onboarding).
  function suggestBrowserZone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (!zone) return;
    document.querySelectorAll('select[data-suggest-browser-zone="true"]').forEach(function (select) {
      var option = Array.prototype.find.call(select.options, function (item) {
        return item.value === zone;
      });
      if (option) {
        select.value = zone;
        var hint = document.getElementById(select.id + "_helptext");
        if (hint) hint.textContent = "We picked " + zone + ", the zone your browser uses. Change it if it is wrong.";
      }
    });
  }

  // Where the person already chose a zone (onboarding after sign-up), only
  // offer the browser's zone with a button; never change the choice silently.
  function offerBrowserZone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    document.querySelectorAll('select[data-suggest-browser-zone="hint"]').forEach(function (select) {
      var known = Array.prototype.some.call(select.options, function (item) {
        return item.value === zone;
      });
      if (!zone || !known || select.value === zone) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link btn-sm px-0";
      button.textContent = "Use " + zone.replace(/_/g, " ") + ", the zone your browser uses";
      button.addEventListener("click", function () {
        select.value = zone;
        button.remove();
        select.focus();
      });
      select.insertAdjacentElement("afterend", button);
    });
  }

  document.addEventListener("DOMContentLoaded", suggestBrowserZone);
  document.addEventListener("DOMContentLoaded", offerBrowserZone);
})();
