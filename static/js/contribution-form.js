// A contribution form sent back with mistakes: move the focus to the summary of
// them, so that a screen reader reads it first and the keyboard goes on from there.
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("form-errors")?.focus();
});
