// /system: every 5 seconds (while the tab is visible) the server renders the page again and the health,
// numbers, sparklines and facts are swapped in, so the pictures are always the server's own.
import { refreshSections } from './live.js';

const page = document.querySelector('[data-system-page]');
const INTERVAL = 5000;
const SECTIONS = ['health', 'metrics', 'sparklines', 'counts', 'facts'].map((name) => `[data-section="${name}"]`);

function status(state, text) {
  const element = document.querySelector('[data-live-status]');
  if (!element) return;
  element.hidden = false;
  element.dataset.state = state;
  if (element.textContent !== text) element.textContent = text;
}

if (page) {
  let timer = null;
  let failures = 0;

  async function tick() {
    timer = null;
    if (document.hidden) return; // resumes on visibilitychange
    const fresh = await refreshSections(SECTIONS);
    if (fresh) {
      failures = 0;
      status('live', 'Live: updates every 5 s');
    } else {
      failures += 1;
      status('reconnecting', 'Could not refresh: trying again…');
    }
    timer = window.setTimeout(tick, INTERVAL * Math.min(6, 2 ** failures));
  }

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      window.clearTimeout(timer);
      timer = null;
      status('paused', 'Paused while the tab is hidden');
    } else if (!timer) {
      tick();
    }
  });

  status('live', 'Live: updates every 5 s');
  timer = window.setTimeout(tick, INTERVAL);
}
