// Progressive enhancement of the admin page: everything works without this file.
// - After a save (or a refusal), focus moves to the line that says what happened, so a screen
//   reader announces it and a keyboard user continues from there.
// - Times of the audit log are shown in the page's language and the browser's time zone.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var status = document.querySelector("main .ok[role=status], main [role=alert]");
  if (status) {
    status.setAttribute("tabindex", "-1");
    status.focus();
  }
  var lang = document.documentElement.lang || undefined;
  var withTime, dateOnly;
  try {
    withTime = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
    dateOnly = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
  } catch (e) {
    return;
  }
  document.querySelectorAll("time[datetime]").forEach(function (t) {
    var d = new Date(t.getAttribute("datetime"));
    var format = t.hasAttribute("data-date") ? dateOnly : withTime;
    if (!isNaN(d.getTime())) t.textContent = format.format(d);
  });
});
