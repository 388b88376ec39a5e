// Progressive enhancement only: every page works without this file.

/** The CSRF token scripts send as X-CSRF-Token on cookie-authenticated writes. */
export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? '';
}

/** Asks before submitting forms marked with data-confirm (deletes, revocations, terminate). */
function confirmDangerousForm(form) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}

/**
 * Long actions: a submit button with data-busy-label is disabled on submit and shows that label
 * ("Creating…", "Merging…") until the next page arrives, so nobody submits twice.
 */
function showProgressOnSubmit(form) {
  form.addEventListener('submit', (event) => {
    if (event.defaultPrevented) return;
    const button = event.submitter?.dataset?.busyLabel !== undefined
      ? event.submitter
      : form.querySelector('button[data-busy-label]');
    if (!button) return;
    // Disable after the browser has collected the form data (a disabled submitter would be left out).
    window.setTimeout(() => {
      button.dataset.idleLabel = button.textContent;
      button.textContent = button.dataset.busyLabel;
      button.disabled = true;
      form.setAttribute('aria-busy', 'true');
      const progress = form.querySelector('[data-busy-message]');
      if (progress) progress.hidden = false;
    }, 0);
  });
}

/** Buttons come back when the page is shown again from the back/forward cache. */
window.addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  for (const button of document.querySelectorAll('button[data-busy-label][disabled]')) {
    button.disabled = false;
    if (button.dataset.idleLabel) button.textContent = button.dataset.idleLabel;
    button.closest('form')?.removeAttribute('aria-busy');
  }
  for (const progress of document.querySelectorAll('[data-busy-message]')) progress.hidden = true;
});

/** Wires the behaviours above into `root` (the document, or a section that was just replaced). */
export function enhance(root = document) {
  for (const form of root.querySelectorAll('form')) {
    if (form.dataset.enhanced) continue;
    form.dataset.enhanced = 'true';
    if (form.dataset.confirm) confirmDangerousForm(form);
    showProgressOnSubmit(form);
  }
}

enhance();
