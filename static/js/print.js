// Print buttons: shown only where JavaScript runs (the browser's own Print menu works everywhere).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
