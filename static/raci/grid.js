/* The matrix grid: moves, edits, saves, copies and pastes like a spreadsheet.
 *
 * The page works without this file: every cell is an input of its domain's form. With it,
 * the grid is one tab stop (a roving tabindex), keys move between cells, and a save sends
 * only the cells that changed with the letters the grid showed before, so other people's
 * changes to other cells never block it. A large matrix renders its first rows; the rest are
 * fetched as their placeholder scrolls into view (or when a key or a link needs them).
 */
(function () {
  "use strict";

  var grid = document.getElementById("grid");
  if (!grid || !grid.dataset.save) return;
  var scroller = document.getElementById("grid-scroll");
  var state = document.getElementById("save-state");
  var csrf = (function () {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (e) { return ""; }
  })();


  function say(text, kind) {
    if (!state) return;
    state.textContent = text;
    state.className = "save-state" + (kind ? " save-state-" + kind : "");
  }

  // -- where things are ------------------------------------------------------------------

  function inputs(row) { return row.querySelectorAll("td.cell input"); }
  function rows() {
    return Array.prototype.filter.call(grid.querySelectorAll("tr.matrix-row"), function (tr) {
      return !tr.parentNode.classList.contains("is-collapsed") && !tr.hidden;
    });
  }
  function position(input) {
    var tr = input.closest("tr");
    var list = rows();
    return { rows: list, r: list.indexOf(tr), c: Array.prototype.indexOf.call(inputs(tr), input) };
  }
  function at(list, r, c) {
    var row = list[r];
    if (!row) return null;
    var cells = inputs(row);
    return cells[Math.max(0, Math.min(c, cells.length - 1))] || null;
  }
  function key(input) {
    var parts = input.name.split("-");
    return { row: parseInt(parts[1], 10), role: parseInt(parts[2], 10) };
  }
  function inputFor(rowId, roleId) {
    return grid.querySelector('input[name="c-' + rowId + "-" + roleId + '"]');
  }

  // -- focus: one tab stop, the active cell ----------------------------------------------

  var active = null;
  var anchor = null; // where a Shift+arrow selection started
  var editing = false; // typing inside the cell: left and right move the caret

  function activate(input, keepSelection) {
    if (!input) return;
    if (active && active !== input) active.tabIndex = -1;
    input.tabIndex = 0;
    active = input;
    editing = false;
    if (!keepSelection) { anchor = null; paintSelection(); }
    input.focus({ preventScroll: false });
    input.select();
  }

  function prepare(root) {
    if (active && !active.isConnected) active = null; // its row was drawn again
    root.querySelectorAll("td.cell input").forEach(function (input) {
      if (input !== active) input.tabIndex = -1;
    });
    if (!active) {
      var first = grid.querySelector("td.cell input");
      if (first) { first.tabIndex = 0; active = first; }
    }
    if (window.htmx) {
      root.querySelectorAll("[hx-get]").forEach(function (el) { window.htmx.process(el); });
    }
  }

  // -- selection -------------------------------------------------------------------------

  function selectionBox() {
    if (!active) return null;
    var here = position(active);
    if (!anchor) return { rows: here.rows, r0: here.r, r1: here.r, c0: here.c, c1: here.c };
    var there = position(anchor);
    return {
      rows: here.rows,
      r0: Math.min(here.r, there.r), r1: Math.max(here.r, there.r),
      c0: Math.min(here.c, there.c), c1: Math.max(here.c, there.c)
    };
  }
  function selectedInputs(box) {
    var out = [];
    for (var r = box.r0; r <= box.r1; r++) {
      var cells = inputs(box.rows[r]);
      var line = [];
      for (var c = box.c0; c <= box.c1; c++) line.push(cells[c]);
      out.push(line);
    }
    return out;
  }
  function paintSelection() {
    grid.querySelectorAll("td.selected").forEach(function (td) { td.classList.remove("selected"); });
    if (!anchor) return;
    selectedInputs(selectionBox()).forEach(function (line) {
      line.forEach(function (input) { input.parentNode.classList.add("selected"); });
    });
  }

  // -- saving ----------------------------------------------------------------------------

  var queue = [];
  var busy = false;

  function paint(input, stored) {
    var td = input.parentNode;
    td.className = ["cell"].concat(stored.split("").map(function (l) { return "has-" + l.toLowerCase(); }))
      .concat(td.classList.contains("selected") ? ["selected"] : []).join(" ");
  }
  function clearMessage(input) {
    var td = input.parentNode;
    td.querySelectorAll(".cell-message, .cell-conflict-box").forEach(function (el) { el.remove(); });
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
  function message(input, text, kind) {
    clearMessage(input);
    var span = document.createElement("span");
    span.className = "cell-message" + (kind ? " cell-message-" + kind : "");
    span.id = "msg-" + input.name;
    span.textContent = text;
    input.parentNode.appendChild(span);
    input.setAttribute("aria-describedby", span.id);
    return span;
  }

  /* Queue a save of these cells: [{input, letters, was}]. Saves run one after another, so
   * each carries the version and time the previous answer gave. */
  function save(edits, what) {
    if (!edits.length) return;
    edits.forEach(function (e) { e.input.parentNode.classList.add("cell-saving"); });
    queue.push({ edits: edits, what: what });
    if (!busy) next();
  }

  function next() {
    var job = queue.shift();
    if (!job) { busy = false; return; }
    busy = true;
    say("Saving…", "busy");
    var started = performance.now();
    var body = {
      version: parseInt(grid.dataset.version, 10),
      since: grid.dataset.since,
      cells: job.edits.map(function (e) {
        var k = key(e.input);
        return { row: k.row, role: k.role, letters: e.letters, was: e.was };
      })
    };
    fetch(grid.dataset.save, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, message: "The server could not save that (" + response.status + ")." }; })
        .then(function (data) { answer(job, response.status, data, started); });
    }).catch(function () {
      job.edits.forEach(function (e) { e.input.parentNode.classList.remove("cell-saving"); message(e.input, "Not saved: the server did not answer.", "error"); });
      say("Not saved: the server did not answer. Check the connection and try again.", "error");
    }).then(next);
  }

  function answer(job, status, data, started) {
    job.edits.forEach(function (e) { e.input.parentNode.classList.remove("cell-saving"); });
    if (data.version) grid.dataset.version = data.version;
    if (data.since) grid.dataset.since = data.since;
    document.querySelectorAll('input[name="expected_version"]').forEach(function (el) {
      if (data.version) el.value = data.version;
    });
    if (status === 200 && data.ok) {
      var notes = [];
      data.saved.forEach(function (cell) {
        var input = inputFor(cell.row, cell.role);
        if (!input) return;
        clearMessage(input);
        delete input.dataset.conflict;
        input.parentNode.classList.remove("cell-conflict", "cell-error");
        input.defaultValue = cell.display;
        if (document.activeElement !== input || !editing) input.value = cell.display;
        paint(input, cell.letters);
        if (cell.note) {
          message(input, cell.note, "note");
          notes.push(label(input) + ": " + cell.note);
        }
      });
      (data.others || []).forEach(function (cell) {
        var input = inputFor(cell.row, cell.role);
        if (!input) return;
        var dirty = input.value !== input.defaultValue;
        if (dirty) return; // what is being typed stays; its save will show the conflict
        input.defaultValue = input.value = cell.display;
        paint(input, cell.letters);
        input.parentNode.classList.add("cell-theirs");
      });
      redraw(data.html || {});
      var ms = Math.round(performance.now() - started);
      grid.dataset.lastSaveMs = ms;
      var text = job.what || (data.saved.length === 1 ? "Saved" : "Saved " + data.saved.length + " cells");
      if (notes.length === 1) text = "Saved: " + notes[0];
      else if (notes.length) text += " (" + notes.length + " written another way: see the cells)";
      if (data.others && data.others.length) text += "; " + data.others.length + " cell" + (data.others.length === 1 ? "" : "s") + " changed by others taken in";
      say(text, "ok");
      return;
    }
    if (status === 409 && data.conflicts) {
      data.conflicts.forEach(function (c) { conflict(inputFor(c.row, c.role), c); });
      say(data.message + " See the marked cell" + (data.conflicts.length === 1 ? "" : "s") + ".", "error");
      return;
    }
    if (status === 422 && data.errors) {
      data.errors.forEach(function (e) {
        var input = e.row ? inputFor(e.row, e.role) : null;
        if (input) {
          input.parentNode.classList.add("cell-error");
          input.setAttribute("aria-invalid", "true");
          message(input, e.message, "error");
        }
      });
      showAlert(data.message, data.errors.map(function (e) { return e.message; }));
      say(data.message, "error");
      return;
    }
    job.edits.forEach(function (e) { message(e.input, "Not saved", "error"); });
    showAlert(data.message || "The server could not save that.", []);
    say("Not saved: " + (data.message || status), "error");
  }

  function label(input) {
    var ids = (input.getAttribute("aria-labelledby") || "").split(" ");
    return ids.map(function (id) { var el = document.getElementById(id); return el ? el.textContent.trim() : ""; }).join(", ");
  }

  function showAlert(text, items) {
    var box = document.getElementById("alert");
    if (!box) return;
    box.innerHTML = "";
    var div = document.createElement("div");
    div.className = "message message-error";
    div.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = text;
    div.appendChild(p);
    if (items.length) {
      var ul = document.createElement("ul");
      items.forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
      div.appendChild(ul);
    }
    box.appendChild(div);
  }

  /* Someone else saved this cell since the grid showed it: keep what was typed in the cell,
   * show theirs beside it, and let the user choose. */
  function conflict(input, c) {
    if (!input) return;
    clearMessage(input);
    input.value = c.mine_display;
    input.dataset.conflict = c.mine_display;
    input.parentNode.classList.add("cell-conflict");
    input.setAttribute("aria-invalid", "true");
    var box = document.createElement("span");
    box.className = "cell-conflict-box";
    box.id = "msg-" + input.name;
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Conflict");
    var text = document.createElement("span");
    text.className = "cell-message";
    text.textContent = c.message + " Yours: " + (c.mine_display || "empty") + ".";
    var keep = document.createElement("button");
    keep.type = "button"; keep.className = "link-button";
    keep.textContent = "Keep mine (" + (c.mine_display || "empty") + ")";
    var take = document.createElement("button");
    take.type = "button"; take.className = "link-button";
    take.textContent = "Take theirs (" + (c.display || "empty") + ")";
    keep.addEventListener("click", function () {
      delete input.dataset.conflict;
      clearMessage(input);
      input.parentNode.classList.remove("cell-conflict");
      save([{ input: input, letters: c.mine, was: c.letters }]);
      input.focus();
    });
    take.addEventListener("click", function () {
      delete input.dataset.conflict;
      clearMessage(input);
      input.parentNode.classList.remove("cell-conflict");
      input.value = input.defaultValue = c.display;
      paint(input, c.letters);
      say("Took theirs: " + (c.display || "empty"), "ok");
      input.focus();
    });
    box.appendChild(text); box.appendChild(keep); box.appendChild(document.createTextNode(" ")); box.appendChild(take);
    input.parentNode.appendChild(box);
    input.setAttribute("aria-describedby", box.id);
  }

  function redraw(html) {
    Object.keys(html).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) return;
      var t = document.createElement("template");
      t.innerHTML = html[id].trim();
      var fresh = t.content.firstElementChild;
      if (!fresh) return;
      if (fresh.tagName === "TD" && el.tagName === "TD") {
        el.innerHTML = fresh.innerHTML;
        el.className = fresh.className;
      } else {
        el.replaceWith(fresh);
        if (window.htmx) window.htmx.process(fresh);
      }
    });
  }

  /* The cell's typed value, if it changed, as one edit. */
  function edit(input) {
    // A cell in conflict waits for "keep mine" or "take theirs" (or a new value typed).
    if (input.value === input.defaultValue || input.dataset.conflict === input.value) return null;
    return { input: input, letters: input.value, was: input.defaultValue };
  }
  function commit(input) {
    var e = edit(input);
    editing = false;
    if (e) save([e]);
  }

  // -- loading the rest of a large matrix --------------------------------------------------

  function load(more, all) {
    if (!more || more.dataset.loading) return Promise.resolve();
    more.dataset.loading = "1";
    var url = more.dataset.more + (all ? "&all=1" : "");
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var t = document.createElement("template");
      t.innerHTML = html;
      var body = more.parentNode;
      var added = Array.prototype.slice.call(t.content.children);
      added.forEach(function (tr) { body.insertBefore(tr, more); });
      more.remove();
      added.forEach(function (tr) { prepare(tr); if (tr.classList.contains("more-rows")) watch(tr); });
    });
  }

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); load(entry.target); }
    });
  }, { root: scroller, rootMargin: "400px 0px" }) : null;

  function watch(more) {
    var left = parseInt(more.dataset.left || "0", 10);
    more.style.height = Math.min(left, 100) * 2.6 + "rem";
    if (observer) observer.observe(more);
  }

  function loadAll() {
    var pending = grid.querySelectorAll("tr.more-rows");
    return Promise.all(Array.prototype.map.call(pending, function (m) { return load(m, true); }));
  }

  // -- keys ------------------------------------------------------------------------------

  function move(input, dr, dc, extend) {
    var p = position(input);
    var target = at(p.rows, p.r + dr, p.c + dc);
    if (dr > 0 && !target) {
      var more = p.rows[p.r] && nextMore(p.rows[p.r]);
      if (more) {
        load(more).then(function () { var q = position(input); move2(at(q.rows, q.r + dr, q.c), extend, input); });
        return;
      }
    }
    move2(target, extend, input);
  }
  function move2(target, extend, from) {
    if (!target || target === from) return;
    if (extend && !anchor) anchor = from;
    activate(target, extend);
    if (extend) paintSelection();
  }
  function nextMore(tr) {
    var next = tr.nextElementSibling;
    while (next && !next.classList.contains("more-rows") && !next.classList.contains("matrix-row")) next = next.nextElementSibling;
    return next && next.classList.contains("more-rows") ? next : null;
  }

  grid.addEventListener("input", function (event) {
    if (event.target.matches("td.cell input")) editing = true;
  });

  grid.addEventListener("focusin", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("td.cell input")) return;
    if (active && active !== input) active.tabIndex = -1;
    input.tabIndex = 0;
    active = input;
  });

  grid.addEventListener("focusout", function (event) {
    var input = event.target;
    if (input.matches && input.matches("td.cell input")) commit(input);
  });

  grid.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("td.cell input")) return;
    var k = event.key;
    var ctrl = event.ctrlKey || event.metaKey;
    var p;
    if (k === "ArrowDown" || k === "ArrowUp") {
      event.preventDefault();
      commit(input);
      move(input, k === "ArrowDown" ? 1 : -1, 0, event.shiftKey);
    } else if ((k === "ArrowLeft" || k === "ArrowRight") && (!editing || event.shiftKey)) {
      event.preventDefault();
      commit(input);
      move(input, 0, k === "ArrowRight" ? 1 : -1, event.shiftKey);
    } else if (k === "Enter") {
      event.preventDefault(); // never submit the domain's form
      commit(input);
      move(input, event.shiftKey ? -1 : 1, 0, false);
    } else if (k === "Tab") {
      p = position(input);
      var target = at(p.rows, p.r, p.c + (event.shiftKey ? -1 : 1));
      if (target && target !== input && ((event.shiftKey && p.c > 0) || (!event.shiftKey && p.c < inputs(p.rows[p.r]).length - 1))) {
        event.preventDefault();
        commit(input);
        activate(target);
      } // at the row's edge Tab leaves the grid; leaving saves (focusout)
    } else if (k === "Escape") {
      if (input.value !== input.defaultValue) {
        event.preventDefault();
        input.value = input.defaultValue;
        editing = false;
        input.select();
        say("Undone: the cell is back to " + (input.defaultValue || "empty"), "");
      } else if (anchor) {
        anchor = null; paintSelection();
      }
    } else if (k === "Home" || k === "End") {
      if (editing && !ctrl) return;
      event.preventDefault();
      commit(input);
      p = position(input);
      if (ctrl) {
        if (k === "Home") activate(at(p.rows, 0, 0));
        else loadAll().then(function () { var q = rows(); activate(at(q, q.length - 1, 999)); });
      } else {
        activate(at(p.rows, p.r, k === "Home" ? 0 : 999));
      }
    } else if (k === "Delete" && !editing) {
      event.preventDefault();
      var cells = anchor ? selectedInputs(selectionBox()) : [[input]];
      var edits = [];
      cells.forEach(function (line) {
        line.forEach(function (cell) {
          if (cell.defaultValue !== "" || cell.value !== "") {
            cell.value = "";
            edits.push({ input: cell, letters: "", was: cell.defaultValue });
          }
        });
      });
      save(edits, edits.length > 1 ? "Cleared " + edits.length + " cells" : "Cleared");
    } else if (ctrl && (k === "d" || k === "D" || k === "r" || k === "R") && anchor) {
      event.preventDefault();
      fill(k.toLowerCase() === "d");
    } else if (ctrl && (k === "a" || k === "A") && !editing) {
      // leave Ctrl+A to the input: it selects the cell's text
    }
  });

  /* Ctrl+D copies the selection's first row down over it; Ctrl+R its first column right. */
  function fill(down) {
    var lines = selectedInputs(selectionBox());
    var edits = [];
    lines.forEach(function (line, r) {
      line.forEach(function (cell, c) {
        var source = down ? lines[0][c] : line[0];
        if ((down && r === 0) || (!down && c === 0)) return;
        if (cell.value !== source.value) {
          edits.push({ input: cell, letters: source.value, was: cell.defaultValue });
          cell.value = source.value;
        }
      });
    });
    save(edits, "Filled " + edits.length + " cell" + (edits.length === 1 ? "" : "s") + (down ? " down" : " right"));
  }

  // -- copy and paste --------------------------------------------------------------------

  grid.addEventListener("copy", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("td.cell input") || !anchor) return;
    var text = selectedInputs(selectionBox()).map(function (line) {
      return line.map(function (cell) { return cell.value; }).join("\t");
    }).join("\r\n");
    event.clipboardData.setData("text/plain", text);
    event.preventDefault();
    say("Copied " + text.split("\r\n").length + " row(s) of cells", "ok");
  });

  grid.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("td.cell input")) return;
    var text = (event.clipboardData || window.clipboardData).getData("text/plain");
    if (!/[\t\n\r]/.test(text.replace(/[\r\n]+$/, ""))) {
      // One value: into the cell, saved when the cell is left, as typing would be.
      return;
    }
    event.preventDefault();
    paste(input, text);
  });

  function paste(input, text) {
    var lines = text.replace(/(\r\n|\r|\n)$/, "").split(/\r\n|\r|\n/).map(function (line) { return line.split("\t"); });
    var start = position(input);
    var need = start.r + lines.length;
    var ready = need > start.rows.length ? loadAll() : Promise.resolve();
    ready.then(function () {
      var p = position(input);
      var edits = [];
      var missing = [];
      lines.forEach(function (values, dr) {
        var row = p.rows[p.r + dr];
        var cells = row ? inputs(row) : [];
        values.forEach(function (value, dc) {
          var cell = cells[p.c + dc];
          if (!cell) { missing.push([dr + 1, dc + 1]); return; }
          edits.push({ input: cell, letters: value.trim(), was: cell.defaultValue, before: cell.value });
        });
      });
      if (missing.length) {
        showAlert("Nothing was pasted: the block is " + lines.length + " rows by " + Math.max.apply(null, lines.map(function (l) { return l.length; })) +
          " columns, which runs past the edge of the matrix from this cell.", []);
        say("Nothing pasted: the block does not fit here", "error");
        return;
      }
      edits.forEach(function (e) { e.input.value = e.letters; });
      anchor = edits[0].input;
      active = edits[edits.length - 1].input;
      paintSelection();
      active = input;
      save(edits, "Pasted " + edits.length + " cell" + (edits.length === 1 ? "" : "s"));
    });
  }

  // -- domains, skip link, links to rows ---------------------------------------------------

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".domain-toggle");
    if (toggle) {
      var body = toggle.closest("tbody");
      var open = body.classList.toggle("is-collapsed") === false;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    var expand = event.target.closest("[data-expand]");
    if (expand) {
      var all = expand.getAttribute("data-expand") === "all";
      grid.querySelectorAll("tbody.domain-group").forEach(function (b) {
        b.classList.toggle("is-collapsed", !all);
        var t = b.querySelector(".domain-toggle");
        if (t) t.setAttribute("aria-expanded", all ? "true" : "false");
      });
      return;
    }
    var skip = event.target.closest("[data-grid-focus]");
    if (skip) {
      event.preventDefault();
      activate(active || grid.querySelector("td.cell input"));
      return;
    }
    var nextError = event.target.closest("[data-next-error]");
    if (nextError) {
      event.preventDefault();
      var ids = nextError.getAttribute("data-next-error").split(",");
      var current = active ? active.closest("tr").id.replace("row-", "") : "";
      var i = ids.indexOf(current);
      reveal("row-" + ids[(i + 1) % ids.length]);
      return;
    }
    var card = event.target.closest("[data-open-card]");
    if (card) {
      var target = document.getElementById(card.getAttribute("href").slice(1));
      if (target && target.tagName === "DETAILS") {
        event.preventDefault();
        target.open = true;
        target.scrollIntoView({ block: "start" });
        var summary = target.querySelector("summary");
        if (summary) summary.focus();
      }
      return;
    }
    var link = event.target.closest('a[href^="#row-"]');
    if (link) {
      var id = link.getAttribute("href").slice(1);
      event.preventDefault();
      reveal(id);
    }
  });

  /* Bring a row into the grid (loading its domain's rest if needed), open its domain and
   * put the focus on the row's first cell that a finding is about, or its first cell. */
  function reveal(id) {
    var found = document.getElementById(id);
    var ready = found ? Promise.resolve() : loadAll();
    ready.then(function () {
      var row = document.getElementById(id);
      if (!row) return;
      var body = row.parentNode;
      if (body.classList.contains("is-collapsed")) {
        body.classList.remove("is-collapsed");
        var t = body.querySelector(".domain-toggle");
        if (t) t.setAttribute("aria-expanded", "true");
      }
      history.replaceState(null, "", "#" + id);
      row.scrollIntoView({ block: "center" });
      var first = row.querySelector("td.cell input");
      if (first) activate(first);
    });
  }

  // A bulk change applies to the rows selected in the grid (or the active cell's row),
  // unless a filter is on: then to every row it shows.
  var bulk = document.getElementById("grid-bulk");
  if (bulk) {
    bulk.addEventListener("submit", function () {
      if (bulk.elements.filter.value) return;
      var box = selectionBox();
      if (!box) return;
      var ids = [];
      for (var r = box.r0; r <= box.r1; r++) ids.push(box.rows[r].dataset.row);
      bulk.elements.rows.value = ids.join(",");
      bulk.elements.expected_version.value = grid.dataset.version;
    });
  }

  var hashed = location.hash && document.getElementById(location.hash.slice(1));
  if (hashed && hashed.tagName === "DETAILS") hashed.open = true;
  // A row drawn again by htmx (after its activity's settings are saved) joins the grid.
  document.addEventListener("htmx:afterSwap", function () { prepare(grid); });
  document.querySelectorAll(".domain-toggle").forEach(function (b) { b.hidden = false; });
  grid.querySelectorAll("tr.more-rows").forEach(watch);
  prepare(grid);
  if (location.hash.indexOf("#row-") === 0) reveal(location.hash.slice(1));
  window.raciGrid = { loadAll: loadAll, reveal: reveal };
})();
