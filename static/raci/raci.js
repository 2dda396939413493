/* Small enhancements on top of htmx. Everything here is optional: the pages work without it.
 * No inline handlers anywhere, so a strict Content-Security-Policy can forbid them. */
(function () {
  "use strict";

  function saveState(text, kind) {
    var box = document.getElementById("save-state");
    if (!box) return;
    box.textContent = text;
    box.className = "save-state" + (kind ? " save-state-" + kind : "");
  }

  // After each saved change the server tells us the matrix version it now has, so the next
  // change says "I saw version N" (the server refuses it if someone else moved it on).
  document.addEventListener("raci:saved", function (event) {
    var version = event.detail && event.detail.version;
    if (version) {
      document.querySelectorAll('input[name="expected_version"]').forEach(function (input) {
        input.value = version;
      });
    }
    saveState("Saved", "ok");
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig && event.detail.requestConfig.verb === "post") {
      saveState("Saving…", "busy");
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || event.detail.requestConfig.verb !== "post") return;
    if (xhr.status === 422) saveState("Not saved: see the message in place", "error");
    else if (xhr.status === 409 || xhr.status === 412) saveState("Not saved", "error");
  });

  function showProblem(text) {
    var alert = document.getElementById("alert");
    if (alert) {
      alert.innerHTML = "";
      var p = document.createElement("p");
      p.className = "message message-error";
      p.textContent = text;
      alert.appendChild(p);
    }
    saveState("Not saved", "error");
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 403) {
      showProblem("You may not change this engagement. Reload the page to see where it stands.");
    } else if (status === 404) {
      showProblem("That is no longer there. Reload the page.");
    } else {
      showProblem("The server could not save that change (" + status + "). Reload the page and try again.");
    }
  });

  document.addEventListener("htmx:sendError", function () {
    showProblem("The server did not answer. Check the connection, then reload the page.");
  });

  document.addEventListener("click", function (event) {
    // Close an activity's detail opened under its row.
    var closer = event.target.closest("[data-close-detail]");
    if (closer) {
      var detail = document.getElementById(closer.getAttribute("data-close-detail"));
      if (detail) {
        var rowId = detail.id.replace("detail-", "");
        detail.innerHTML = "";
        detail.hidden = true;
        var link = document.getElementById("act-" + rowId);
        if (link) link.focus();
      }
      return;
    }
    // Expand or collapse every domain.
    var expander = event.target.closest("[data-expand]");
    if (expander) {
      var open = expander.getAttribute("data-expand") === "all";
      document.querySelectorAll("details.domain").forEach(function (d) { d.open = open; });
    }
  });

  // Ask before destructive forms (removing a role, a tool, an activity).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Focus the detail of an activity once htmx has loaded it under the row.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.classList && target.classList.contains("row-detail")) {
      var fresh = document.getElementById(target.id);
      var heading = fresh && fresh.querySelector("h3");
      if (heading && event.detail.requestConfig.verb === "get") {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
  });

  // A link to a row (from the findings) opens the domain it is in.
  function openTarget() {
    if (!location.hash) return;
    var target = document.getElementById(location.hash.slice(1));
    var domain = target && target.closest("details.domain");
    if (domain && !domain.open) {
      domain.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openTarget);

  // Paper shows every domain, not only the ones open on screen.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.domain:not([open])").forEach(function (d) {
      d.setAttribute("data-print-opened", "");
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.removeAttribute("data-print-opened");
      d.open = false;
    });
  });

  // A long list of checkboxes (a control's implementing activities) gets a search box
  // that hides the options whose words do not match; without JavaScript it is the list.
  function addPickerSearch(root) {
    root.querySelectorAll("div.picker-options:not([data-searchable])").forEach(function (box) {
      box.setAttribute("data-searchable", "");
      var search = document.createElement("input");
      search.type = "search";
      search.className = "picker-search";
      search.placeholder = "Type to find an activity";
      search.setAttribute("aria-label", "Find an activity");
      search.setAttribute("aria-controls", box.id);
      box.parentNode.insertBefore(search, box);
      search.addEventListener("input", function () {
        var words = search.value.trim().toLowerCase();
        box.querySelectorAll("input[type=checkbox]").forEach(function (input) {
          var option = input.closest("div") || input.parentNode;
          option.hidden = words !== "" && option.textContent.toLowerCase().indexOf(words) === -1;
        });
        // A domain with no matching activity hides its heading too.
        box.querySelectorAll(":scope > div").forEach(function (group) {
          if (!group.querySelector("div")) return;  // an option outside any domain
          var options = group.querySelectorAll("input[type=checkbox]");
          var any = Array.prototype.some.call(options, function (input) {
            return !(input.closest("div") || input.parentNode).hidden;
          });
          group.hidden = !any;
        });
      });
    });
  }
  document.addEventListener("htmx:afterSwap", function (event) { addPickerSearch(event.detail.target.parentNode || document); });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
    addPickerSearch(document);
    openTarget();
  });
})();
