// The Cutis web admin's script: only what HTML cannot do alone. Every page works without it.
//  - list rows get "Move up" and "Move down" buttons that reorder them and their positions;
//  - Markdown fields get a "Preview" button (rendered by the server, at /admin/markdown);
//  - leaving an edited form asks first;
//  - buttons with data-confirm ask before they post.
"use strict";

function csrfOf(form) {
  const field = form.querySelector('input[name="csrf"]');
  return field ? field.value : "";
}

function renumber(list) {
  list.querySelectorAll(":scope > li").forEach((row, index) => {
    const position = row.querySelector("[data-position]");
    if (position) position.value = String(index + 1);
  });
}

function addMoveButtons(list) {
  list.querySelectorAll(":scope > li").forEach((row) => {
    const tools = row.querySelector(".row-tools");
    if (!tools) return;
    for (const [label, direction] of [["Move up", -1], ["Move down", 1]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.addEventListener("click", () => {
        const sibling = direction < 0 ? row.previousElementSibling : row.nextElementSibling;
        if (!sibling) return;
        if (direction < 0) list.insertBefore(row, sibling);
        else list.insertBefore(sibling, row);
        renumber(list);
        button.focus();
        row.closest("form")?.dispatchEvent(new Event("input", { bubbles: true }));
      });
      tools.appendChild(button);
    }
  });
}

function addMarkdownPreview(area) {
  const form = area.closest("form");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Preview";
  const output = document.createElement("div");
  output.className = "markdown-preview";
  output.hidden = true;
  output.setAttribute("aria-live", "polite");
  button.addEventListener("click", async () => {
    const body = new URLSearchParams({ csrf: csrfOf(form), text: area.value });
    const response = await fetch("/admin/markdown", { method: "POST", body });
    output.innerHTML = response.ok ? await response.text() : "<p>The preview failed; reload the page.</p>";
    output.hidden = false;
  });
  area.insertAdjacentElement("afterend", output);
  area.insertAdjacentElement("afterend", button);
}

function warnBeforeLeaving(form) {
  let changed = false;
  form.addEventListener("input", () => { changed = true; });
  form.addEventListener("submit", () => { changed = false; });
  window.addEventListener("beforeunload", (event) => {
    if (changed) event.preventDefault();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-items] > ol").forEach(addMoveButtons);
  document.querySelectorAll("textarea[data-markdown]:not([readonly])").forEach(addMarkdownPreview);
  document.querySelectorAll("form[data-unsaved]").forEach(warnBeforeLeaving);
  document.querySelectorAll("[data-confirm]").forEach((button) => {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelector(".error-summary")?.focus();
});
