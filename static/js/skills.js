// Search-as-you-type for the skills field (templates/forms/skills_widget.html), following the
// WAI-ARIA combobox pattern: type, move with the arrow keys, pick with Enter or a click.
// A pick becomes one more ticked checkbox, exactly what the plain form would send, so a name
// with a comma of its own is never split. Without this script the text box takes one skill per
// line and the server makes sense of it.
document.querySelectorAll("[data-skills]:not([data-enhanced])").forEach((root) => {
  root.dataset.enhanced = "";
  const d = root.dataset;
  const name = d.name;
  const textarea = root.querySelector(`textarea[name="${name}_add"]`);
  const label = root.querySelector(`label[for="${textarea.id}"]`);
  const chosen = root.querySelector(".skills__chosen");
  const none = root.querySelector(".skills__none");
  const fill = (template, value) => template.replace("%s", value);

  const input = document.createElement("input");
  input.type = "text";
  input.id = `${textarea.id}_search`;
  input.autocomplete = "off";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", `${textarea.id}_listbox`);
  input.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
  const listbox = document.createElement("ul");
  listbox.id = `${textarea.id}_listbox`;
  listbox.className = "skills__listbox";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", label.textContent);
  listbox.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  textarea.after(input, listbox, status);
  // The label now names the search box; the text box, shown again when lines wait in it, keeps its name.
  label.id = label.id || `${textarea.id}_label`;
  textarea.setAttribute("aria-labelledby", label.id);
  label.htmlFor = input.id;
  // Lines typed earlier (a form shown again) stay in the text box and are sent as they are.
  textarea.hidden = textarea.value.trim() === "";

  let options = [];
  let active = -1;
  let timer;
  let pending;

  const close = () => {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const setActive = (index) => {
    active = index;
    options.forEach((option, i) => {
      const li = listbox.children[i];
      li.setAttribute("aria-selected", String(i === index));
      if (i === index) {
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      }
    });
  };

  const render = (data) => {
    options = data.skills.map((skill) => ({ value: String(skill.id), label: skill.label, own: false }));
    if (data.own_word) {
      options.splice(data.own_word_position, 0, { value: `ord:${data.own_word}`, label: data.own_word, own: true });
    }
    listbox.replaceChildren(
      ...options.map((option, i) => {
        const li = document.createElement("li");
        li.id = `${listbox.id}_${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = option.own ? "skills__option skills__option--own" : "skills__option";
        li.textContent = option.own ? fill(d.ownOption, option.label) : option.label;
        li.lang = "sv";
        return li;
      }),
    );
    active = -1;
    const open = options.length > 0;
    listbox.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    status.textContent = open ? fill(d.count, options.length) : d.noneFound;
  };

  const checkedCount = () => root.querySelectorAll(`input[type="checkbox"][name="${name}"]:checked`).length;

  const pick = (option) => {
    const existing = [...root.querySelectorAll(`input[type="checkbox"][name="${name}"]`)].find(
      (box) => box.value.toLowerCase() === option.value.toLowerCase(),
    );
    if (existing?.checked) {
      status.textContent = fill(d.already, option.label);
    } else if (checkedCount() >= Number(d.max)) {
      status.textContent = d.full;
      return;
    } else if (existing) {
      existing.checked = true;
      status.textContent = fill(d.added, option.label);
    } else {
      const li = document.createElement("li");
      li.className = "skills__item";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = option.value;
      box.checked = true;
      box.id = `${d.id}_picked_${chosen.children.length + 1}_${Date.now()}`;
      const boxLabel = document.createElement("label");
      boxLabel.htmlFor = box.id;
      boxLabel.lang = "sv";
      boxLabel.textContent = option.label;
      if (option.own) {
        const own = document.createElement("span");
        own.className = "skills__own";
        own.textContent = ` (${d.ownLabel})`;
        boxLabel.append(own);
      }
      li.append(box, " ", boxLabel);
      chosen.append(li);
      if (none) none.hidden = true;
      status.textContent = fill(d.added, option.label);
    }
    input.value = "";
    close();
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (input.value.trim().length < 2) {
      close();
      return;
    }
    timer = setTimeout(async () => {
      // Only the answer to the latest text may fill the list.
      pending?.abort();
      pending = new AbortController();
      const url = new URL(d.suggestUrl, window.location.href);
      url.searchParams.set("q", input.value);
      try {
        const response = await fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } });
        if (response.ok) render(await response.json());
      } catch {
        // Aborted or offline: what is typed is still sent with the form.
      }
    }, 200);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      if (listbox.hidden) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      setActive((active + 1) % options.length);
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      // Enter picks rather than sending the whole form half-filled.
      const text = input.value.trim();
      if (!text) return;
      event.preventDefault();
      if (active >= 0 && !listbox.hidden) {
        pick(options[active]);
      } else {
        const exact = options.find((option) => option.label.toLowerCase() === text.toLowerCase());
        const choice = exact || options.find((option) => option.own);
        if (choice) {
          pick(choice);
        } else {
          // Nothing to pick yet: the line goes with the form, and the server says what became of it.
          textarea.value = textarea.value.trim() ? `${textarea.value.trim()}\n${text}` : text;
          textarea.hidden = false;
          input.value = "";
          close();
        }
      }
    } else if (event.key === "Escape") {
      if (!listbox.hidden) {
        event.preventDefault();
        close();
      }
    }
  });

  // mousedown, not click: picking must not take the focus from the search box first.
  listbox.addEventListener("mousedown", (event) => {
    const li = event.target.closest("[role=option]");
    if (!li) return;
    event.preventDefault();
    pick(options[[...listbox.children].indexOf(li)]);
    input.focus();
  });

  input.addEventListener("blur", () => setTimeout(close, 100));

  // Text still in the search box goes with the form, as a line of its own.
  root.closest("form")?.addEventListener("submit", () => {
    const text = input.value.trim();
    if (text) textarea.value = textarea.value.trim() ? `${textarea.value.trim()}\n${text}` : text;
  });
});
