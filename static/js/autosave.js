// Autosave for answer forms (htmx does the saving; this file only tells the
// user what happened and retries when a save fails). Without JavaScript the
// forms still work with their Save button.
(function () {
  "use strict";
  var MAX_DELAY = 30000;

  function statusOf(form) {
    return form.querySelector(".save-status");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest(".answer-form");
    if (form) statusOf(form).textContent = form.dataset.savingText || "Saving…";
  });

  function retryLater(event) {
    var form = event.target.closest && event.target.closest(".answer-form");
    if (!form) return;
    var delay = Math.min(Number(form.dataset.retryDelay || 2000) * 2, MAX_DELAY);
    form.dataset.retryDelay = delay;
    statusOf(form).textContent = (form.dataset.retryText || "Not saved, retrying in %s s").replace("%s", Math.round(delay / 1000));
    window.setTimeout(function () { htmx.trigger(form, "retry"); }, delay);
  }

  document.addEventListener("htmx:responseError", retryLater);
  document.addEventListener("htmx:sendError", retryLater);
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest(".answer-form");
    if (form && event.detail.successful) delete form.dataset.retryDelay;
  });
})();
