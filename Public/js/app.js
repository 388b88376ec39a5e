// Progressive enhancement only: every page works without this file.

/** Asks before submitting forms marked with data-confirm (deletes, revocations). */
function confirmDangerousForms() {
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
}

/** The CSRF token scripts send as X-CSRF-Token on cookie-authenticated writes. */
export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? '';
}

confirmDangerousForms();
