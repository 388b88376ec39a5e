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

/**
 * Copy buttons (`data-copy` names the element whose text they copy): shown only where scripts run, they use the
 * clipboard API, or select the text and copy it where that API is missing (plain http away from localhost).
 */
function copyButton(button) {
  const target = document.querySelector(button.dataset.copy);
  if (!target) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    const text = target.textContent.trim();
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      const range = document.createRange();
      range.selectNodeContents(target);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      copied = document.execCommand('copy');
    }
    button.textContent = copied ? 'Copied' : 'Selected: press Ctrl+C';
  });
}

/** Wires the behaviours above into `root` (the document, or a section that was just replaced). */
export function enhance(root = document) {
  for (const button of root.querySelectorAll('button[data-copy]')) {
    if (button.dataset.enhanced) continue;
    button.dataset.enhanced = 'true';
    copyButton(button);
  }
  for (const form of root.querySelectorAll('form')) {
    if (form.dataset.enhanced) continue;
    form.dataset.enhanced = 'true';
    if (form.dataset.confirm) confirmDangerousForm(form);
    showProgressOnSubmit(form);
  }
}

enhance();

/**
 * The service worker (/sw.js, scope "/") makes the dashboard installable and shows an offline page when the server
 * cannot be reached. Browsers offer it only to secure origins (HTTPS, or localhost); elsewhere nothing happens.
 */
function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error) => {
      console.warn('The service worker was not registered:', error);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

registerServiceWorker();
