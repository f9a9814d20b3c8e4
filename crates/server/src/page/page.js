// Progressive enhancement of the admin page: everything works without this file.
// After a save (or a refusal), focus moves to the line that says what happened, so a screen
// reader announces it and a keyboard user continues from there.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var status = document.querySelector("main .ok[role=status], main [role=alert]");
  if (status) {
    status.setAttribute("tabindex", "-1");
    status.focus();
  }
});
