// A button marked data-copy="<selector>" copies that field's text to the clipboard.
// A file rather than an inline script: the Content-Security-Policy allows scripts
// from Upward's own origin only. Without JavaScript the field can still be selected.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", () => {
      const input = document.querySelector(button.dataset.copy);
      input.select();
      (navigator.clipboard ? navigator.clipboard.writeText(input.value) : Promise.reject())
        .then(() => { button.textContent = "Copied"; })
        .catch(() => { document.execCommand("copy"); button.textContent = "Copied"; });
    });
  });
});
