/*
 * The document body editor: toolbar, live preview, table editor.
 *
 * The body stays Markdown (the hash chain covers what is stored); clerks do
 * not type it: the toolbar writes headings, bold, lists, and the table editor
 * turns a grid of boxes into a pipe table and back. The preview is rendered on
 * the server by render_markdown (the one sanitised renderer) through
 * qms_documents:body_preview, so it is exactly what the document will show.
 * A static file, no inline script, nothing from a CDN (the site's CSP).
 * Used by qms/documents/templates/qms/documents/revision_form.html.
 */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function replaceRange(textarea, start, end, text, selectFrom, selectTo) {
    textarea.focus();
    textarea.setRangeText(text, start, end, "end");
    if (selectFrom !== undefined) {
      textarea.setSelectionRange(start + selectFrom, start + selectTo);
    }
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function lineBounds(value, start, end) {
    var from = value.lastIndexOf("\n", start - 1) + 1;
    var to = value.indexOf("\n", end);
    if (to === -1) to = value.length;
    return [from, to];
  }

  function wrapSelection(textarea, mark) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var selected = textarea.value.slice(start, end) || "…";
    replaceRange(textarea, start, end, mark + selected + mark,
      mark.length, mark.length + selected.length);
  }

  function prefixLines(textarea, kind) {
    var value = textarea.value;
    var bounds = lineBounds(value, textarea.selectionStart, textarea.selectionEnd);
    var lines = value.slice(bounds[0], bounds[1]).split("\n");
    var number = 1;
    var out = lines.map(function (line) {
      var bare = line.replace(/^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)/, "");
      if (kind === "h2") return "## " + bare;
      if (kind === "h3") return "### " + bare;
      if (!bare.trim()) return line;
      if (kind === "ul") return "- " + bare;
      return (number++) + ". " + bare;
    });
    var text = out.join("\n");
    replaceRange(textarea, bounds[0], bounds[1], text, text.length, text.length);
  }

  // --- tables -------------------------------------------------------------

  function isTableLine(line) {
    return /^\s*\|.*\|\s*$/.test(line);
  }

  function isSeparator(line) {
    return /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);
  }

  function splitRow(line) {
    var inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
    var cells = [], current = "";
    for (var i = 0; i < inner.length; i++) {
      var ch = inner[i];
      if (ch === "\\" && inner[i + 1] === "|") { current += "|"; i++; continue; }
      if (ch === "|") { cells.push(current.trim()); current = ""; continue; }
      current += ch;
    }
    cells.push(current.trim());
    return cells;
  }

  function cellText(value) {
    return value.replace(/\r?\n/g, " ").replace(/\|/g, "\\|").trim();
  }

  function tableMarkdown(rows) {
    var width = rows[0].length;
    var line = function (cells) {
      return "| " + cells.map(function (c) { return cellText(c) || " "; }).join(" | ") + " |";
    };
    var out = [line(rows[0])];
    out.push("|" + new Array(width + 1).join(" --- |"));
    rows.slice(1).forEach(function (r) { out.push(line(r)); });
    return out.join("\n");
  }

  /* The pipe table around the cursor: its character range and its cells. */
  function tableAt(value, position) {
    var lines = value.split("\n");
    var offsets = [], total = 0;
    lines.forEach(function (l) { offsets.push(total); total += l.length + 1; });
    var index = 0;
    while (index + 1 < lines.length && offsets[index + 1] <= position) index++;
    if (!isTableLine(lines[index])) return null;
    var first = index, last = index;
    while (first > 0 && isTableLine(lines[first - 1])) first--;
    while (last + 1 < lines.length && isTableLine(lines[last + 1])) last++;
    if (last - first < 1 || !isSeparator(lines[first + 1])) return null;
    var rows = [];
    for (var i = first; i <= last; i++) {
      if (i !== first + 1) rows.push(splitRow(lines[i]));
    }
    var width = Math.max.apply(null, rows.map(function (r) { return r.length; }));
    rows = rows.map(function (r) { while (r.length < width) r.push(""); return r; });
    return {
      start: offsets[first],
      end: offsets[last] + lines[last].length,
      rows: rows,
    };
  }

  function TableEditor(dialog, textarea) {
    this.dialog = dialog;
    this.textarea = textarea;
    this.grid = dialog.querySelector("[data-table-grid]");
    this.target = null;
    var self = this;
    dialog.addEventListener("click", function (event) {
      var button = event.target.closest("[data-table]");
      if (!button) return;
      var rows = self.read();
      var action = button.getAttribute("data-table");
      if (action === "add-row") rows.push(rows[0].map(function () { return ""; }));
      if (action === "add-col") rows.forEach(function (r) { r.push(""); });
      if (action === "del-row" && rows.length > 2) rows.pop();
      if (action === "del-col" && rows[0].length > 1) rows.forEach(function (r) { r.pop(); });
      if (action === "apply") { self.apply(rows); return; }
      if (action === "cancel") { self.dialog.close(); self.textarea.focus(); return; }
      self.draw(rows);
    });
  }

  TableEditor.prototype.label = function (row, col) {
    var template = row === 0
      ? this.dialog.getAttribute("data-label-header")
      : this.dialog.getAttribute("data-label-cell");
    return template.replace("%(row)s", row).replace("%(col)s", col + 1);
  };

  TableEditor.prototype.draw = function (rows) {
    var table = document.createElement("table");
    var self = this;
    rows.forEach(function (cells, r) {
      var tr = document.createElement("tr");
      cells.forEach(function (value, c) {
        var td = document.createElement("td");
        var input = document.createElement("input");
        input.type = "text";
        input.value = value;
        input.setAttribute("aria-label", self.label(r, c));
        input.setAttribute("data-row", r);
        input.setAttribute("data-col", c);
        td.appendChild(input);
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    this.grid.replaceChildren(table);
  };

  TableEditor.prototype.read = function () {
    var rows = [];
    this.grid.querySelectorAll("tr").forEach(function (tr) {
      var cells = [];
      tr.querySelectorAll("input").forEach(function (input) { cells.push(input.value); });
      rows.push(cells);
    });
    return rows;
  };

  TableEditor.prototype.open = function () {
    var textarea = this.textarea;
    this.target = tableAt(textarea.value, textarea.selectionStart);
    var editing = this.target !== null;
    this.dialog.querySelector("[data-title-new]").hidden = editing;
    this.dialog.querySelector("[data-title-edit]").hidden = !editing;
    this.draw(editing ? this.target.rows : [["", "", ""], ["", "", ""], ["", "", ""]]);
    this.dialog.showModal();
    var first = this.grid.querySelector("input");
    if (first) first.focus();
  };

  TableEditor.prototype.apply = function (rows) {
    var textarea = this.textarea;
    var markdown = tableMarkdown(rows);
    if (this.target) {
      replaceRange(textarea, this.target.start, this.target.end, markdown);
    } else {
      var at = textarea.selectionEnd;
      var before = textarea.value.slice(0, at);
      var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
      replaceRange(textarea, at, at, lead + markdown + "\n\n");
    }
    this.dialog.close();
  };

  // --- preview ------------------------------------------------------------

  function Preview(root, textarea) {
    this.url = root.getAttribute("data-preview-url");
    this.target = root.querySelector("[data-preview]");
    this.status = root.querySelector("[data-preview-status]");
    this.textarea = textarea;
    this.timer = null;
    this.sent = 0;
    var self = this;
    textarea.addEventListener("input", function () {
      window.clearTimeout(self.timer);
      self.status.textContent = "…";
      self.timer = window.setTimeout(function () { self.refresh(); }, 400);
    });
  }

  Preview.prototype.refresh = function () {
    var self = this;
    var number = ++this.sent;
    var data = new FormData();
    data.append("body", this.textarea.value);
    fetch(this.url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(this.textarea.form) },
    }).then(function (response) {
      return response.json().then(function (json) { return [response.ok, json]; });
    }).then(function (result) {
      if (number !== self.sent) return; // a newer request is on its way
      if (result[0]) {
        // Sanitised on the server by render_markdown (nh3).
        self.target.innerHTML = result[1].html;
        self.status.textContent = "";
      } else {
        self.status.textContent = result[1].error || "";
      }
    }).catch(function () {
      // Offline, or the session ended (the answer is a login page, not JSON).
      self.status.textContent = self.status.getAttribute("data-failed") || "⚠";
    });
  };

  function setUp(root) {
    var textarea = root.querySelector("textarea");
    if (!textarea) return;
    var toolbar = root.querySelector(".qms-editor__toolbar");
    var dialog = root.querySelector("[data-table-dialog]");
    var tables = dialog && typeof dialog.showModal === "function"
      ? new TableEditor(dialog, textarea) : null;
    new Preview(root, textarea);
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-md]");
      if (!button) return;
      var action = button.getAttribute("data-md");
      if (action === "bold") wrapSelection(textarea, "**");
      else if (action === "italic") wrapSelection(textarea, "*");
      else if (action === "table") { if (tables) tables.open(); }
      else prefixLines(textarea, action);
    });
  }

  function start() {
    document.querySelectorAll("[data-qms-editor]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
