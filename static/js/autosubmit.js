// Sends a form marked data-autosubmit as soon as the page loads, once.
// Used by one-tap links from emails: the link's GET only shows the answer (mail
// scanners open links too); a person's browser then records it with a POST.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-autosubmit]");
  if (form && !form.dataset.sent) {
    form.dataset.sent = "1";
    form.submit();
  }
});
