// Suggestions of known people, organisations and places while typing, following
// the WAI-ARIA combobox pattern (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/).
//
// It enhances any <input> or <textarea> marked data-entity-kind="organisation",
// "person" or "place". Without JavaScript the field stays plain text and any
// name may be typed; with it, the names the database knows are offered as one
// types, and a new name can still be typed. In a textarea (one name a line) the
// suggestions are for the line the caret is on, and choosing one replaces only
// that line.
//
// Keys: Down and Up move through the suggestions (Down opens them), Enter takes
// the highlighted one, Escape closes the list. A polite live region says how
// many suggestions there are. An <input> takes role=combobox; a <textarea>
// keeps its own role (textbox) with aria-autocomplete, as ARIA allows no
// combobox role on it.
//
// A name found by another spelling (an alias, "Chou En-lai" for Zhou Enlai) says
// so under it, as the indexes of people and organisations do. Text in Chinese
// characters is marked lang="zh", as the pages mark it (templatetags/languages.py),
// so that a screen reader reads it in Chinese and a browser picks a Chinese font.
(() => {
  const DELAY_MS = 200;
  // The Chinese characters, as exchanges/templatetags/languages.py reads them.
  const CHINESE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
  let counter = 0;

  function marked(text) {
    if (!CHINESE.test(text)) return document.createTextNode(text);
    const span = document.createElement("span");
    span.lang = "zh";
    span.textContent = text;
    return span;
  }

  function describe(option, suggestion) {
    // The label with its Chinese name marked: "Zhou Enlai (周恩来)".
    const { label, chinese_name: chinese } = suggestion;
    const at = chinese ? label.indexOf(chinese) : -1;
    if (at === -1) option.append(marked(label));
    else option.append(label.slice(0, at), marked(chinese), label.slice(at + chinese.length));
    if (suggestion.found_as) {
      const found = document.createElement("span");
      found.className = "found-as";
      found.append(" found as \u201c", marked(suggestion.found_as), "\u201d");
      option.append(found);
    }
  }

  function currentLine(field) {
    if (field.tagName !== "TEXTAREA") return { start: 0, end: field.value.length };
    const value = field.value;
    const caret = field.selectionStart;
    const start = value.lastIndexOf("\n", caret - 1) + 1;
    const newline = value.indexOf("\n", caret);
    return { start, end: newline === -1 ? value.length : newline };
  }

  function enhance(field) {
    const id = `entity-suggestions-${++counter}`;
    const url = field.dataset.entitySuggestUrl || "/entities/suggest/";
    const isCombobox = field.tagName === "INPUT";
    const list = document.createElement("ul");
    list.id = id;
    list.className = "entity-autocomplete-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const label = field.labels && field.labels[0];
    if (label) {
      if (!label.id) label.id = `${id}-label`;
      list.setAttribute("aria-labelledby", label.id);
    }
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    field.parentElement.classList.add("entity-autocomplete");
    if (isCombobox) {
      field.setAttribute("role", "combobox");
      field.setAttribute("aria-expanded", "false");
    }
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", id);
    field.setAttribute("autocomplete", "off");

    let active = -1;
    let timer = null;
    let request = null;

    const options = () => [...list.querySelectorAll("[role=option]")];

    function forget() {
      // A suggestion still on its way, or about to be asked for, is no longer wanted.
      clearTimeout(timer);
      if (request) request.abort();
      request = null;
    }

    function close() {
      forget();
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      field.removeAttribute("aria-activedescendant");
      if (isCombobox) field.setAttribute("aria-expanded", "false");
    }

    function highlight(index) {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach((option, position) => option.setAttribute("aria-selected", String(position === active)));
      field.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function choose(option) {
      const { start, end } = currentLine(field);
      const name = option.dataset.name;
      field.value = field.value.slice(0, start) + name + field.value.slice(end);
      const caret = start + name.length;
      field.setSelectionRange(caret, caret);
      close();
      status.textContent = "";
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.focus();
    }

    function show(suggestions) {
      list.replaceChildren(
        ...suggestions.map((suggestion, position) => {
          const option = document.createElement("li");
          option.id = `${id}-option-${position}`;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.dataset.name = suggestion.name;
          describe(option, suggestion);
          // mousedown, not click: the field must not lose its focus first.
          option.addEventListener("mousedown", (event) => {
            event.preventDefault();
            choose(option);
          });
          return option;
        }),
      );
      active = -1;
      field.removeAttribute("aria-activedescendant");
      list.hidden = suggestions.length === 0;
      if (isCombobox) field.setAttribute("aria-expanded", String(suggestions.length > 0));
      status.textContent = suggestions.length
        ? `${suggestions.length} suggestion${suggestions.length === 1 ? "" : "s"}: use the up and down keys to choose.`
        : "";
    }

    async function fetchSuggestions() {
      const { start, end } = currentLine(field);
      const text = field.value.slice(start, end).trim();
      if (!text) {
        close();
        return;
      }
      if (request) request.abort();
      const controller = new AbortController();
      request = controller;
      const query = new URLSearchParams({ kind: field.dataset.entityKind, q: text });
      try {
        const response = await fetch(`${url}?${query}`, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        });
        // A refusal (bad input, too many requests) means no suggestions: typing goes on.
        const suggestions = response.ok ? await response.json() : [];
        if (request === controller) show(suggestions);
      } catch (error) {
        if (error.name !== "AbortError" && request === controller) show([]);
      }
    }

    field.addEventListener("input", (event) => {
      if (!event.isTrusted) return;
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });
    field.addEventListener("keydown", (event) => {
      const open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (open) highlight(active + 1);
        else fetchSuggestions();
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    field.addEventListener("blur", () => setTimeout(close, 100));
  }

  document.querySelectorAll("input[data-entity-kind], textarea[data-entity-kind]").forEach(enhance);
})();
