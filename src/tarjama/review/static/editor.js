// tarjama's review editor. Every piece of text from the run is inserted with textContent
// (or as a text node), never as HTML; the server cuts it into runs (isolated units, glossary
// marks, hidden controls as labels), so that nothing in the text is obeyed.
"use strict";

(() => {
  const token = new URLSearchParams(location.search).get("token") || "";
  const state = { run: null, items: [], filter: "all", undo: [], reviewed: 0, total: 0 };
  const KEYS = {
    translate: [["Tab", "next"], ["Shift+Tab", "previous"], ["Enter", "edit"],
      ["Ctrl+Enter", "confirm, go to the next flagged"], ["Esc", "cancel"], ["Ctrl+Z", "undo"]],
    align: [["Tab", "next"], ["Shift+Tab", "previous"],
      ["Enter / Ctrl+Enter", "confirm, go to the next flagged"], ["W", "wrong"],
      ["M", "merge with next"], ["S", "split"], ["Ctrl+Z", "undo"]],
  };

  // --- the API ---------------------------------------------------------------------------

  async function api(method, path, body) {
    const options = { method, headers: { "X-Tarjama-Token": token } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (error) {
      return { ok: false, status: 0, data: { error: "the server does not answer (stopped?)" } };
    }
    let data;
    try {
      data = await response.json();
    } catch (error) {
      data = { error: response.statusText };
    }
    return { ok: response.ok, status: response.status, data };
  }

  // --- building the page -----------------------------------------------------------------

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null) continue;
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key in node) node[key] = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);  // strings: text nodes
    }
    return node;
  }

  function appendRuns(container, runs) {
    let bdi = null;
    let unit = null;
    for (const run of runs) {
      let node = run.ctl !== undefined
        ? el("span", { className: "ctl", title: run.title, textContent: run.ctl })
        : document.createTextNode(run.text);
      if (run.mark) node = el("mark", { className: run.mark, title: run.markTitle }, node);
      if (run.unit === undefined) {
        unit = null;
        container.append(node);
        continue;
      }
      if (unit !== run.unit) {
        bdi = el("bdi", { dir: run.dir, className: run.kind });
        container.append(bdi);
        unit = run.unit;
      }
      bdi.append(node);
    }
  }

  function langLabel(side, withConfidence) {
    let text = side.lang;
    if (withConfidence && typeof side.confidence === "number") {
      text += " " + side.confidence.toFixed(2);
    }
    return el("span", { className: "lang", textContent: text, title: "language" });
  }

  function textCell(side, css, withConfidence) {
    if (!side) return el("td", { className: `${css} gap`, textContent: "—" });
    const cell = el("td", { className: `${css} text`, lang: side.lang, dir: side.dir });
    appendRuns(cell, side.runs);
    cell.append(langLabel(side, withConfidence));
    return cell;
  }

  function idCell(item) {
    const cell = el("td", { className: "id", textContent: `#${item.id}` });
    if (item.link) cell.append(el("span", { className: "score", textContent: item.link }));
    if (typeof item.score === "number") {
      cell.append(el("span", { className: "score", textContent: item.score.toFixed(2), title: "link score" }));
    } else if (item.low && !item.link) {
      cell.append(el("span", { className: "score", textContent: "low language-ID score" }));
    }
    return cell;
  }

  function stateCell(item) {
    const cell = el("td", { className: "state" });
    const label = item.kind === "translate" && item.status === "draft"
      ? (item.origin === "model" || !item.origin ? "draft (MT)" : `draft (${item.origin})`)
      : item.status;
    if (item.editable || item.link) cell.append(el("span", { className: `badge ${item.status}`, textContent: label }));
    const flags = el("ul", { className: "flags" });
    for (const flag of item.flags) {
      flags.append(el("li", { className: flag.check },
        el("span", { className: "check", textContent: flag.check }), ": ", flag.message));
    }
    if (item.conflict) {
      flags.append(el("li", { className: "conflict", textContent: item.conflict }));
    }
    if (flags.childElementCount) cell.append(flags);
    if (item.link && item.status !== "confirmed") {  // a confirmed pair is in the memory
      const actions = el("div", { className: "actions" });
      actions.append(
        button("Confirm", () => confirmLink(item)),
        button(item.status === "wrong" ? "Not wrong" : "Wrong", () => toggleWrong(item)),
        button("Merge ↓", () => merge(item)),
      );
      if (item.sizes[0] + item.sizes[1] > 1) actions.append(button("Split", () => split(item)));
      cell.append(actions);
    }
    return cell;
  }

  function button(text, action) {
    const node = el("button", { type: "button", textContent: text, tabIndex: -1 });
    node.addEventListener("click", (event) => { event.stopPropagation(); action(); });
    return node;
  }

  function renderRow(item) {
    const classes = ["item", item.status];
    if (item.heading) classes.push("heading");
    if (item.low) classes.push("low");
    if (item.reviewed) classes.push("reviewed");
    const row = el("tr", { className: classes.join(" "), dataset: { id: item.id } });
    row.append(idCell(item));
    if (item.kept) {
      const cell = textCell(item.source, "kept", true);
      cell.colSpan = 2;
      cell.append(el("span", { className: "lang", textContent: `kept: ${item.kept}` }));
      row.append(cell);
    } else {
      row.append(textCell(item.source, "source", item.kind === "translate"));
      row.append(textCell(item.target, "target", false));
    }
    row.append(stateCell(item));
    row.tabIndex = item.editable || item.link ? 0 : -1;
    row.hidden = !visible(item);
    return row;
  }

  function renderAll(focusIndex) {
    const table = document.getElementById("segments");
    for (const body of [...table.tBodies]) body.remove();
    let body = null;
    let paragraph = null;
    for (const item of state.items) {
      if (body === null || item.paragraph !== paragraph) {
        body = el("tbody", { className: "paragraph" });
        table.append(body);
        paragraph = item.paragraph;
      }
      body.append(renderRow(item));
    }
    updateCounter();
    if (focusIndex !== undefined) focusItem(Math.min(focusIndex, state.items.length - 1));
  }

  function rowOf(index) {
    return document.querySelectorAll("#segments tr.item")[index];
  }

  function replaceRow(index, item) {
    item.kind = state.run.kind;
    state.items[index] = item;
    const old = rowOf(index);
    const row = renderRow(item);
    old.replaceWith(row);
    return row;
  }

  function updateCounter() {
    document.getElementById("counter").textContent = `reviewed ${state.reviewed} of ${state.total}`;
  }

  function setStatus(text, kind) {
    const node = document.getElementById("status");
    node.textContent = text;
    node.className = `status ${kind || ""}`;
  }

  // --- filters and moving ----------------------------------------------------------------

  function flagged(item) {
    return item.flags.length > 0 || Boolean(item.conflict);
  }

  function visible(item) {
    switch (state.filter) {
      case "flagged": return flagged(item);
      case "unreviewed": return Boolean(item.editable || item.link) && !item.reviewed;
      case "low": return Boolean(item.low);
      default: return true;
    }
  }

  function setFilter(name) {
    state.filter = name;
    for (const node of document.querySelectorAll(".filters button")) {
      node.setAttribute("aria-pressed", String(node.dataset.filter === name));
    }
    state.items.forEach((item, index) => { rowOf(index).hidden = !visible(item); });
  }

  function indexOfRow(row) {
    return [...document.querySelectorAll("#segments tr.item")].indexOf(row);
  }

  function focusItem(index) {
    const row = rowOf(index);
    if (!row) return;
    row.hidden = false;
    row.focus();
    row.scrollIntoView({ block: "center" });
  }

  function workable(item) {
    return Boolean(item.editable || item.link) && !item.reviewed;
  }

  function nextFlagged(from) {
    const count = state.items.length;
    for (const test of [(item) => workable(item) && flagged(item), workable]) {
      for (let step = 1; step <= count; step++) {
        const index = (from + step) % count;
        if (test(state.items[index]) && visible(state.items[index])) return index;
      }
    }
    return Math.min(from + 1, count - 1);
  }

  // --- editing a translation -------------------------------------------------------------

  function openEditor(index, text, overwrite, hint) {
    const item = state.items[index];
    if (!item.editable) return;
    const row = rowOf(index);
    const cell = row.querySelector("td.target");
    const area = el("textarea", { lang: item.target.lang, dir: item.target.dir, value: text ?? item.target.text,
      spellcheck: true, "aria-label": `translation of segment ${item.id}` });
    area.dataset.overwrite = overwrite ? "1" : "";
    cell.replaceChildren(area, el("p", { className: "hint", textContent: hint ||
      "Ctrl+Enter confirms and saves · Esc cancels" }));
    area.addEventListener("keydown", (event) => editorKey(event, index, area));
    area.addEventListener("input", () => warnHidden(area));
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }

  const HIDDEN = /[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u00ad]/u;

  function warnHidden(area) {
    const hint = area.nextElementSibling;
    if (HIDDEN.test(area.value)) {
      hint.textContent = "holds a hidden control character (bidi or zero-width): it is saved as typed, and flagged";
      hint.className = "hint warn";
    }
  }

  function editorKey(event, index, area) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      confirmText(index, area.value, area.dataset.overwrite === "1");
    } else if (event.key === "Escape") {
      event.preventDefault();
      replaceRow(index, state.items[index]).focus();
      setStatus("edit cancelled");
    }
    event.stopPropagation();  // Tab, Ctrl+Z and the rest belong to the text box here
  }

  async function confirmText(index, text, overwrite) {
    const item = state.items[index];
    const previous = item.target.text;
    const { ok, status, data } = await api("PUT", `/api/segments/${encodeURIComponent(item.id)}`,
      { translation: text, status: "reviewed", overwrite });
    if (status === 409) {
      const conflicted = { ...data.segment, conflict: data.error };
      replaceRow(index, conflicted);
      openEditor(index, text, true, "Ctrl+Enter again replaces the reviewed translation · Esc keeps it");
      setStatus(data.error, "error");
      return;
    }
    if (!ok) {
      setStatus(`not saved: ${data.error}`, "error");
      return;
    }
    state.reviewed = data.reviewed;
    state.total = data.total;
    if (previous !== text) state.undo.push({ kind: "text", id: item.id, previous });
    replaceRow(index, data.segment);
    updateCounter();
    const wrote = data.wrote.length ? `wrote ${data.wrote.join(", ")}` : "nothing to rewrite";
    setStatus(`saved #${item.id}: ${wrote}; memory: ${data.stored} pair(s) stored`, "saved");
    focusItem(nextFlagged(index));
  }

  // --- an align run's links --------------------------------------------------------------

  async function linkCall(method, path, body, index, undo, message) {
    const { ok, data } = await api(method, path, body);
    if (!ok) {
      setStatus(`not saved: ${data.error}`, "error");
      return false;
    }
    state.items = data.segments.map((item) => ({ ...item, kind: "align" }));
    state.reviewed = data.reviewed;
    state.total = data.total;
    if (undo) state.undo.push(undo);
    renderAll(index);
    setStatus(message, "saved");
    return true;
  }

  function linkPath(item, action) {
    return `/api/segments/${encodeURIComponent(item.id)}${action ? "/" + action : ""}`;
  }

  async function confirmLink(item, overwrite = false) {
    const index = state.items.indexOf(item);
    const { ok, status, data } = await api("PUT", linkPath(item), { status: "reviewed", overwrite });
    if (status === 409 && data.conflict && !overwrite) {
      replaceRow(index, { ...item, conflict: `${data.error} (press Ctrl+Enter again)` }).focus();
      state.items[index].pendingOverwrite = true;
      setStatus(data.error, "error");
      return;
    }
    if (!ok) {
      setStatus(`not saved: ${data.error}`, "error");
      return;
    }
    state.items = data.segments.map((entry) => ({ ...entry, kind: "align" }));
    state.reviewed = data.reviewed;
    state.total = data.total;
    renderAll();
    setStatus(`confirmed ${item.id}: the pair is in the memory`, "saved");
    focusItem(nextFlagged(index));
  }

  function toggleWrong(item) {
    const index = state.items.indexOf(item);
    const status = item.status === "wrong" ? "aligned" : "wrong";
    return linkCall("PUT", linkPath(item), { status }, index,
      { kind: "status", index, status: item.status }, `${item.id}: ${status}`);
  }

  function merge(item) {
    const index = state.items.indexOf(item);
    return linkCall("POST", linkPath(item, "merge"), {}, index,
      { kind: "merge", index, cut: item.sizes }, `${item.id} merged with the next link`);
  }

  function split(item, cut) {
    const index = state.items.indexOf(item);
    const body = cut ? { source: cut[0], target: cut[1] } : {};
    return linkCall("POST", linkPath(item, "split"), body, index,
      { kind: "split", index }, `${item.id} split in two`);
  }

  // --- undo ------------------------------------------------------------------------------

  async function undo() {
    const last = state.undo.pop();
    if (!last) {
      setStatus("nothing to undo (a confirmed pair stays in the memory)");
      return;
    }
    if (last.kind === "text") {
      const index = state.items.findIndex((item) => item.id === last.id);
      openEditor(index, last.previous, true,
        "undo: Ctrl+Enter saves the earlier translation again · Esc keeps the current one");
      return;
    }
    const item = state.items[last.index];
    if (last.kind === "status") {
      await linkCall("PUT", linkPath(item), { status: last.status }, last.index, null, "undone");
    } else if (last.kind === "merge") {
      await linkCall("POST", linkPath(item, "split"), { source: last.cut[0], target: last.cut[1] },
        last.index, null, "merge undone");
    } else if (last.kind === "split") {
      await linkCall("POST", linkPath(item, "merge"), {}, last.index, null, "split undone");
    }
  }

  // --- keys ------------------------------------------------------------------------------

  function rowKey(event) {
    const row = event.target.closest ? event.target.closest("tr.item") : null;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
      event.preventDefault();
      undo();
      return;
    }
    if (!row || event.target !== row) return;
    const index = indexOfRow(row);
    const item = state.items[index];
    const confirming = event.key === "Enter";
    if (item.link) {
      if (confirming) {
        event.preventDefault();
        confirmLink(item, Boolean(item.pendingOverwrite));
      } else if (!event.ctrlKey && !event.metaKey && !event.altKey) {
        const action = { w: toggleWrong, m: merge, s: split }[event.key.toLowerCase()];
        if (action) { event.preventDefault(); action(item); }
      }
    } else if (confirming && item.editable) {
      event.preventDefault();
      if (event.ctrlKey || event.metaKey) confirmText(index, item.target.text, false);
      else openEditor(index);
    }
  }

  // --- start -----------------------------------------------------------------------------

  function describe(run) {
    document.title = `${run.title} — tarjama review`;
    document.getElementById("title").textContent = run.title;
    const parts = [run.run, `memory ${run.memory}`];
    document.getElementById("meta").textContent = parts.join(" · ");
    if (run.kind === "align") {
      document.getElementById("head-source").textContent = `Source (${run.languages[0]})`;
      document.getElementById("head-target").textContent = `Target (${run.languages[1]})`;
    }
    const keys = document.getElementById("keys");
    KEYS[run.kind].forEach(([key, what], index) => {
      if (index) keys.append(" · ");
      keys.append(el("kbd", { textContent: key }), ` ${what}`);
    });
    const footer = [`tarjama ${run.tool_version || ""}`.trim()];
    if (run.models) {
      for (const [direction, name] of Object.entries(run.models)) footer.push(`${direction}: ${name}`);
    }
    if (run.source) footer.push(`source ${run.source}`);
    if (run.target) footer.push(`target ${run.target}`);
    document.getElementById("footer").textContent = footer.join(" · ");
  }

  async function start() {
    const [info, listing] = await Promise.all([api("GET", "/api/run"), api("GET", "/api/segments")]);
    if (!info.ok || !listing.ok) {
      setStatus(`cannot load the run: ${(info.ok ? listing : info).data.error}`, "error");
      return;
    }
    state.run = info.data;
    state.items = listing.data.segments.map((item) => ({ ...item, kind: state.run.kind }));
    state.reviewed = listing.data.reviewed;
    state.total = listing.data.total;
    describe(state.run);
    renderAll();
    for (const node of document.querySelectorAll(".filters button")) {
      node.addEventListener("click", () => setFilter(node.dataset.filter));
    }
    document.addEventListener("keydown", rowKey);
    document.getElementById("segments").addEventListener("dblclick", (event) => {
      const row = event.target.closest("tr.item");
      if (row && state.items[indexOfRow(row)].editable) openEditor(indexOfRow(row));
    });
    const first = state.items.findIndex(workable);
    if (first >= 0) focusItem(first);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
