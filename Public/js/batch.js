// /batches/{id}: when a project changes state or an agent reports, the server renders the page again and the
// progress bars are swapped in.
import { connectLive, debounce, refreshSections } from './live.js';

const RELEVANT = new Set(['project_status_change', 'agent_report']);

if (document.querySelector('[data-batch-page]')) {
  const refresh = debounce(() => refreshSections(['[data-section="batch"]']), 500);
  connectLive('/ws/system', { onEvent: (event) => { if (RELEVANT.has(event.type)) refresh(); }, onReconnect: refresh });
}
