// Shortlist's own script: small progressive enhancements on top of htmx.
// The CSP forbids inline scripts, so behaviour lives here, wired by ids
// and data attributes. Every page works without it (forms submit, the
// server resolves a typed job title).
(function () {
  "use strict";

  // Job title combobox on Discover: the server sends role="option"
  // elements into #job-options; arrow keys move through them, Enter or a
  // click picks one, Escape closes the list.
  function setupJobPicker() {
    var input = document.getElementById("job-title");
    var list = document.getElementById("job-options");
    var hidden = document.getElementById("job-id");
    if (!input || !list || !hidden) return;
    var active = -1;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll('[role="option"]'));
    }
    function open() {
      if (!options().length && !list.querySelector(".listbox-empty")) {
        close();
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) {
        o.setAttribute("aria-selected", j === active ? "true" : "false");
        o.classList.toggle("active", j === active);
      });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function pick(opt) {
      input.value = opt.getAttribute("data-job-name");
      hidden.value = opt.getAttribute("data-job-id");
      close();
      var form = input.form;
      if (form && form.requestSubmit) form.requestSubmit();
      else if (form) form.submit();
    }

    input.addEventListener("input", function () {
      // A typed title no longer names the picked job: the server resolves
      // the text unless a job is picked again.
      hidden.value = "";
    });
    input.addEventListener("keydown", function (e) {
      var opts = options();
      switch (e.key) {
        case "ArrowDown":
          e.preventDefault();
          if (list.hidden) open();
          highlight(active + 1);
          break;
        case "ArrowUp":
          e.preventDefault();
          if (list.hidden) open();
          highlight(active - 1);
          break;
        case "Enter":
          if (!list.hidden && active >= 0 && opts[active]) {
            e.preventDefault();
            pick(opts[active]);
          } else {
            close();
          }
          break;
        case "Escape":
          if (!list.hidden) {
            e.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
      }
    });
    input.addEventListener("blur", function () {
      // Let a click on an option land first.
      setTimeout(close, 150);
    });
    list.addEventListener("mousedown", function (e) {
      // Keep the focus in the input while clicking an option.
      e.preventDefault();
    });
    list.addEventListener("click", function (e) {
      var opt = e.target.closest('[role="option"]');
      if (opt) pick(opt);
    });
    document.body.addEventListener("htmx:afterSwap", function (e) {
      if (e.detail.target === list) {
        active = -1;
        if (document.activeElement === input) open();
        else close();
      }
    });
  }

  // A request that never reached the server (network down, server
  // stopped) still says so in its target instead of leaving a blank.
  function setupNetworkErrors() {
    document.body.addEventListener("htmx:sendError", function (e) {
      var target = e.detail.target;
      if (!target || target.id === "job-options") return;
      var box = document.createElement("div");
      box.className = "error-fragment";
      box.setAttribute("role", "alert");
      box.setAttribute("data-testid", "error-fragment");
      box.textContent = "Shortlist could not be reached. Check your connection and try again.";
      target.replaceChildren(box);
    });
  }

  // Select a freshly shown API token on focus, ready to copy.
  function setupSelectOnFocus() {
    document.querySelectorAll(".select-on-focus").forEach(function (el) {
      el.addEventListener("focus", function () {
        el.select();
      });
    });
  }

  // A note form is emptied once its note is on its way (its status shows
  // below it), ready for the next one.
  function setupResetOnSuccess() {
    document.body.addEventListener("htmx:afterRequest", function (e) {
      var form = e.detail.elt;
      if (e.detail.successful && form && form.matches && form.matches("form[data-reset-on-success]")) form.reset();
    });
  }

  function init() {
    setupJobPicker();
    setupNetworkErrors();
    setupSelectOnFocus();
    setupResetOnSuccess();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
