'use strict';
// Select2, which draws the admin's autocomplete boxes, names its combo box by the choice it shows
// alone (its aria-labelledby is its own text): a screen reader announced an unnamed box, or only
// the exchange chosen, never "Duplicate of". Each box is named by its field's label, then its choice.
// Run on jQuery's "ready" as the admin's own script (autocomplete.js, loaded first) draws the boxes,
// so after it: jQuery runs its ready callbacks late, and "load" could come before them, leaving
// the box unnamed.
django.jQuery(function() {
    document.querySelectorAll('select.admin-autocomplete').forEach(function(select) {
        const label = select.id && document.querySelector('label[for="' + select.id + '"]');
        const drawn = select.nextElementSibling;
        const box = drawn && drawn.querySelector('[role="combobox"]');
        if (!label || !box) {
            return;
        }
        if (!label.id) {
            label.id = select.id + '-label';
        }
        const choice = box.getAttribute('aria-labelledby');
        box.setAttribute('aria-labelledby', choice ? label.id + ' ' + choice : label.id);
        // Inside the box, Select2 calls the text of the choice a read-only text field: an empty
        // one ("Duplicate of" before anything is chosen) was a second, unnamed field to a screen
        // reader. It is the box's text, named with the box.
        const shown = choice && document.getElementById(choice);
        if (shown) {
            shown.removeAttribute('role');
            shown.removeAttribute('aria-readonly');
        }
    });
});
