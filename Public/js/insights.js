// /insights: when an agent's state changes or an insight is announced anywhere, the server renders the page
// again and the score, alerts, recommendations and teams are swapped in.
import { connectLive, debounce, refreshSections } from './live.js';

const SECTIONS = ['score', 'alerts', 'recommendations', 'efficiency'].map((name) => `[data-section="${name}"]`);
const RELEVANT = new Set(['ai_insight', 'agent_status_update', 'agent_report', 'project_status_change']);

if (document.querySelector('[data-insights-page]')) {
  const refresh = debounce(() => refreshSections(SECTIONS), 1000);
  connectLive('/ws/system', { onEvent: (event) => { if (RELEVANT.has(event.type)) refresh(); }, onReconnect: refresh });
}
