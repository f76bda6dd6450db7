// Autosave for answer forms. htmx does the saving (on change, after a pause in
// typing, and on the Save button, all through one queue per form so that each
// request carries the version the previous one returned); this file tells the
// user what happened, retries when a save fails, and makes sure nothing typed is
// lost when the page is hidden, closed or reloaded. Without JavaScript the forms
// still work with their Save button.
(function () {
  "use strict";
  var MAX_DELAY = 30000;
  // This page's token: the server takes the saves made with it as this page's own, never a conflict.
  var EDITOR = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();

  function answerForm(node) {
    return node && node.closest ? node.closest(".answer-form") : null;
  }

  function statusOf(form) {
    return form.querySelector(".save-status");
  }

  // Each form counts the edits typed into it and the edits its last request carried:
  // the form is "pending" while some edit has not been acknowledged by the server.
  function edits(form) {
    return Number(form.dataset.edits || 0);
  }

  function pending(form) {
    return edits(form) > Number(form.dataset.saved || 0) || form.dataset.failed === "1";
  }

  document.addEventListener("input", function (event) {
    var form = answerForm(event.target);
    if (form) form.dataset.edits = edits(form) + 1;
  });
  document.addEventListener("change", function (event) {
    var form = answerForm(event.target);
    if (form && event.target.type === "radio") form.dataset.edits = edits(form) + 1;
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var form = answerForm(event.target);
    if (!form) return;
    // Read at send time: a request queued behind another one goes with the version that one returned.
    var version = form.querySelector("input[name=version]");
    if (version) event.detail.parameters.version = version.value;
    event.detail.parameters.editor = EDITOR;
    form.dataset.sending = edits(form);
    form.dataset.inFlight = "1";
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = answerForm(event.target);
    if (form) statusOf(form).textContent = form.dataset.savingText || "Saving…";
  });

  function retryLater(event) {
    var form = answerForm(event.target);
    if (!form) return;
    form.dataset.failed = "1";
    var delay = Math.min(Number(form.dataset.retryDelay || 2000) * 2, MAX_DELAY);
    form.dataset.retryDelay = delay;
    statusOf(form).textContent = (form.dataset.retryText || "Not saved, retrying in %s s").replace("%s", Math.round(delay / 1000));
    window.setTimeout(function () { htmx.trigger(form, "retry"); }, delay);
  }

  document.addEventListener("htmx:responseError", retryLater);
  document.addEventListener("htmx:sendError", retryLater);
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = answerForm(event.target);
    if (!form) return;
    delete form.dataset.inFlight;
    if (event.detail.successful) {
      delete form.dataset.retryDelay;
      delete form.dataset.failed;
      form.dataset.saved = form.dataset.sending || form.dataset.saved || 0;
    }
  });

  // The page is going away: what is still pending goes in a request that outlives the page.
  // Its answer is read like htmx's (the new version), in case the page stays after all.
  function flush(form) {
    if (!pending(form) || !form.dataset.hxPost || form.dataset.flushing === "1") return;
    form.dataset.flushing = "1";
    var sent = edits(form);
    var body = new FormData(form);
    body.set("editor", EDITOR);
    fetch(form.dataset.hxPost, {
      method: "POST",
      body: body,
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
      keepalive: true,
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var returned = new DOMParser().parseFromString(html, "text/html").querySelector("input[name=version]");
      var version = form.querySelector("input[name=version]");
      if (returned && version) version.value = returned.value;
      if (returned) {
        form.dataset.saved = sent;
        delete form.dataset.failed;
      }
    }).catch(function () {
      form.dataset.failed = "1";
    }).finally(function () {
      delete form.dataset.flushing;
    });
  }

  function forms() {
    return Array.prototype.slice.call(document.querySelectorAll(".answer-form"));
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") forms().forEach(flush);
  });
  window.addEventListener("pagehide", function () {
    forms().forEach(flush);
  });
  window.addEventListener("beforeunload", function (event) {
    var unsaved = forms().filter(pending);
    if (!unsaved.length) return;
    unsaved.forEach(flush);
    // Browsers show their own wording; this only asks them to warn.
    event.preventDefault();
    event.returnValue = "";
  });
})();
