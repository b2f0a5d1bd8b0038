// Leave empty fields out of the filter form's address, so that a shared or
// cited link reads ?type=education&date_after=2010, not a row of blank names.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-drop-empty]")) return;
  for (const field of form.elements) {
    if (field.name && !field.disabled && field.value === "") field.disabled = true;
  }
});
// After going back to a page whose fields were disabled, make them usable again.
window.addEventListener("pageshow", () => {
  for (const field of document.querySelectorAll("form[data-drop-empty] [disabled]")) field.disabled = false;
});
