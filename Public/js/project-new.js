// /projects/new: Markdown preview of the spec (rendered by the server), and the error summary in focus.
// Submitting shows progress through app.js (data-busy-label on the submit button).
import { api, debounce } from './live.js';

const form = document.querySelector('[data-project-form]');
const errors = document.querySelector('[data-form-errors]');
if (errors) errors.focus();

const button = form?.querySelector('[data-preview-button]');
const textarea = form?.querySelector('#spec_content');
const preview = document.getElementById('spec-preview');

if (form && button && textarea && preview) {
  button.hidden = false;
  let showing = false;
  let sequence = 0;

  async function render() {
    const mine = ++sequence;
    preview.setAttribute('aria-busy', 'true');
    try {
      const text = textarea.value;
      const answer = text.trim() === '' ? { html: '' } : await api('/api/v1/markdown', { method: 'POST', body: { text } });
      if (mine !== sequence) return; // a newer preview is on its way
      if (answer?.html) {
        preview.innerHTML = answer.html; // sanitized by the server (cmark, raw HTML dropped)
      } else {
        preview.textContent = 'Nothing to preview yet: write the spec above.';
      }
    } catch (error) {
      if (mine !== sequence) return;
      preview.textContent = `The preview could not be rendered (${error.message}). Your spec is kept as written.`;
    } finally {
      if (mine === sequence) preview.removeAttribute('aria-busy');
    }
  }

  const renderSoon = debounce(render, 400);

  button.addEventListener('click', () => {
    showing = !showing;
    preview.hidden = !showing;
    button.textContent = showing ? 'Hide preview' : 'Preview';
    button.setAttribute('aria-expanded', String(showing));
    if (showing) render();
  });
  textarea.addEventListener('input', () => {
    if (showing) renderSoon();
  });
}
