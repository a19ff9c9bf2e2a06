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

  document.addEventListener("DOMContentLoaded", suggestBrowserZone);
})();
