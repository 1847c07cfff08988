// The page frame's behaviour: theme switch, toasts for htmx results, wizard step focus.
(function () {
  var root = document.documentElement;

  function themeLabel(button) {
    var dark = root.getAttribute("data-bs-theme") === "dark";
    button.setAttribute("aria-label", dark ? "Switch to light theme" : "Switch to dark theme");
    var icon = button.querySelector(".bi");
    if (icon) icon.className = "bi " + (dark ? "bi-sun" : "bi-moon-stars");
  }

  // A toast for a result; htmx answers send it with `HX-Trigger: {"toast": {"message": …}}`.
  function toast(message, level) {
    var box = document.getElementById("toasts");
    if (!box || !window.bootstrap) return;
    var el = document.createElement("div");
    el.className = "toast align-items-center border-0 text-bg-" + (level || "success");
    el.setAttribute("role", level === "danger" ? "alert" : "status");
    var row = document.createElement("div");
    row.className = "d-flex";
    var body = document.createElement("div");
    body.className = "toast-body";
    body.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close btn-close-white me-2 m-auto";
    close.setAttribute("data-bs-dismiss", "toast");
    close.setAttribute("aria-label", "Close");
    row.appendChild(body);
    row.appendChild(close);
    el.appendChild(row);
    box.appendChild(el);
    el.addEventListener("hidden.bs.toast", function () { el.remove(); });
    bootstrap.Toast.getOrCreateInstance(el).show();
  }
  window.portalToast = toast;

  // A wizard step that was just shown: focus its heading and announce it. The same step again
  // (an error, "Add user") keeps the place: focus goes to the first field with an error.
  var lastStep = null;
  function focusStep(scope, force) {
    if (!scope || !scope.querySelector) return;
    var current = scope.querySelector('[aria-current="step"][data-step-announce]');
    if (!current) return;
    var text = current.getAttribute("data-step-announce");
    if (text !== lastStep || force) {
      lastStep = text;
      var heading = scope.querySelector("form h2") || scope.querySelector("h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.setAttribute("data-step-heading", "");
        heading.focus();
      }
      var live = document.getElementById("wizard-announce");
      if (live) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 50); }
      return;
    }
    var error = scope.querySelector(".invalid-feedback, [data-testid=row-error]");
    if (error) {
      var box = error.closest(".mb-3, .form-check, fieldset, td, tr") || error.parentElement;
      var field = box && box.querySelector("input:not([type=hidden]), select, textarea");
      if (field) field.focus();
    }
  }

  // Errors go away as the field is fixed: typing in a field hides the error shown under it.
  document.addEventListener("input", function (event) { clearError(event.target); });
  document.addEventListener("change", function (event) { clearError(event.target); });
  function clearError(field) {
    if (!field || !field.closest || field.matches("[data-country-search]")) return;
    var box = field.closest(".mb-3, .form-check, td");
    if (!box) return;
    box.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
    field.classList.remove("is-invalid");
    field.removeAttribute("aria-invalid");
  }

  // The country select of names: typing in the box above it narrows the list.
  document.addEventListener("input", function (event) {
    var search = event.target;
    if (!search.matches || !search.matches("[data-country-search]")) return;
    var select = search.closest("[data-country-picker]").querySelector("select");
    var term = search.value.trim().toLowerCase();
    var first = null;
    Array.prototype.forEach.call(select.options, function (option) {
      var match = !term || !option.value || option.text.toLowerCase().indexOf(term) !== -1 || option.value.toLowerCase() === term;
      option.hidden = !match;
      if (match && option.value && !first) first = option;
    });
    if (term && first && select.value !== first.value) {
      select.value = first.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // A table box that scrolls sideways (a phone) can be reached and scrolled with the keyboard.
  function markScrollers(scope) {
    (scope || document).querySelectorAll(".table-responsive, .portal-main table.table").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.setAttribute("tabindex", "0");
        el.classList.add("portal-scrolls");
      } else if (el.classList.contains("portal-scrolls")) {
        el.removeAttribute("tabindex");
        el.classList.remove("portal-scrolls");
      }
    });
  }
  window.addEventListener("resize", function () { markScrollers(document); });
  document.addEventListener("htmx:afterSettle", function () { markScrollers(document); });

  document.addEventListener("DOMContentLoaded", function () {
    markScrollers(document);
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      themeLabel(button);
      button.addEventListener("click", function () {
        var next = root.getAttribute("data-bs-theme") === "dark" ? "light" : "dark";
        root.setAttribute("data-bs-theme", next);
        try { localStorage.setItem("portal-theme", next); } catch (e) {}
        themeLabel(button);
      });
    });
    // A step opened by its URL (?step=N: Back, refresh) takes the focus; a wizard's first
    // page load leaves it where the browser puts it.
    var current = document.querySelector('[aria-current="step"][data-step-announce]');
    if (current) {
      lastStep = current.getAttribute("data-step-announce");
      if (/[?&]step=/.test(window.location.search)) focusStep(document, true);
    }
  });
  // The customer side panel (issue 16): opened by htmx into #customer-panel-content, or open
  // on load for a shared ``?panel=<id>`` URL; closing it takes ``panel`` off the URL.
  function sidePanel() {
    var el = document.getElementById("customer-panel");
    return el && window.bootstrap ? bootstrap.Offcanvas.getOrCreateInstance(el) : null;
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "customer-panel-content") {
      var panel = sidePanel();
      if (panel) panel.show();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("customer-panel");
    if (!el) return;
    if (el.hasAttribute("data-panel-open")) { var panel = sidePanel(); if (panel) panel.show(); }
    el.addEventListener("hidden.bs.offcanvas", function () {
      var url = new URL(window.location.href);
      if (!url.searchParams.has("panel")) return;
      url.searchParams.delete("panel");
      history.replaceState(history.state, "", url.pathname + (url.search || ""));
    });
  });
  // Bulk actions on the Customers list (issue 16): the selected rows' count, the buttons that
  // need a selection, "select all on this page", and what the confirmation will change.
  function bulkUpdate() {
    var form = document.getElementById("customer-bulk");
    if (!form) return;
    var rows = document.querySelectorAll("[data-bulk-row]");
    var chosen = Array.prototype.filter.call(rows, function (box) { return box.checked; });
    var count = document.getElementById("bulk-count");
    if (count) count.textContent = chosen.length ? chosen.length + " customer" + (chosen.length === 1 ? "" : "s") + " selected" : "No customers selected";
    form.querySelectorAll("[data-bulk-action]").forEach(function (button) { button.disabled = !chosen.length; });
    var all = document.querySelector("[data-bulk-all]");
    if (all) {
      all.checked = rows.length > 0 && chosen.length === rows.length;
      all.indeterminate = chosen.length > 0 && chosen.length < rows.length;
    }
    var names = chosen.map(function (box) { return box.getAttribute("data-name"); });
    var tag = (document.getElementById("bulk-tag") || {}).value || "";
    var admin = document.getElementById("bulk-admin");
    var adminName = admin && admin.selectedIndex >= 0 ? admin.options[admin.selectedIndex].text : "";
    form.querySelectorAll("[data-bulk-summary]").forEach(function (el) {
      var what = el.closest("#bulk-tag-confirm") ? "Tag: " + (tag.trim() || "(none typed)") : "Administrator: " + adminName;
      el.textContent = what + ". Customers (" + names.length + "): " + names.join(", ") + ".";
    });
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.matches) return;
    if (target.matches("[data-bulk-all]")) {
      document.querySelectorAll("[data-bulk-row]").forEach(function (box) { box.checked = target.checked; });
    }
    if (target.matches("[data-bulk-all], [data-bulk-row], #bulk-admin")) bulkUpdate();
  });
  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "bulk-tag") bulkUpdate();
  });
  document.addEventListener("htmx:afterSettle", bulkUpdate);
  document.addEventListener("DOMContentLoaded", bulkUpdate);
  document.body && document.body.addEventListener("toast", function (event) {
    var detail = event.detail || {};
    toast(detail.message || detail.value || "", detail.level);
  });
  document.addEventListener("htmx:afterSwap", function (event) { focusStep(event.target); });
  document.addEventListener("htmx:historyRestore", function () { focusStep(document.body, true); });
})();
