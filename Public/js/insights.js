// /insights: when an agent's state changes or an insight is announced anywhere, the server renders the page
// again and the score, alerts, recommendations and teams are swapped in. The Cost card is read from the usage API
// (every project): cost to date and today, a bar per UTC day, and a row per project.
import { api, connectLive, debounce, refreshSections } from './live.js';
import { cost, csvLinks, dayChart, figuresTable, lastDays, priceNote, refresher, tokenDetail, tokens, utcDay } from './usage.js';

const SECTIONS = ['score', 'alerts', 'recommendations', 'efficiency'].map((name) => `[data-section="${name}"]`);
const RELEVANT = new Set(['ai_insight', 'agent_status_update', 'agent_report', 'project_status_change']);
/** Events after which the Cost card is read again (a budget alert at once). */
const SPENDING = new Set(['agent_status_update', 'agent_report', 'project_status_change']);

function setUpCost(card) {
  const status = card.querySelector('[data-cost-status]');
  const say = (text) => { status.textContent = text; };
  const show = (name, text, title) => {
    const target = card.querySelector(`[data-cost="${name}"]`);
    target.textContent = text;
    if (title !== undefined) target.title = title;
  };

  async function load() {
    const days = lastDays();
    try {
      const [byProject, today, byDay] = await Promise.all([
        api('/api/v1/usage?by=project'), api(`/api/v1/usage?by=project&since=${utcDay()}`), api(`/api/v1/usage?by=day&since=${days[0]}`)]);
      show('total', cost(byProject.total));
      show('today', cost(today.total));
      show('tokens', tokens(byProject.total.total_tokens), tokenDetail(byProject.total));
      card.querySelector('[data-cost-note]').textContent = priceNote(byProject);
      card.querySelector('[data-cost-chart]').replaceChildren(dayChart(byDay.rows, days));
      const todays = new Map(today.rows.map((row) => [row.key, row]));
      card.querySelector('[data-cost-projects]').replaceChildren(figuresTable(byProject.rows, {
        keyTitle: 'Project',
        link: (key) => `/projects/${encodeURIComponent(key)}`,
        extra: [{ title: 'Today', value: (row) => cost(todays.get(row.key)) }],
        empty: 'No agent has spent anything yet.',
      }));
      card.dataset.loaded = 'true';
    } catch (error) {
      say(`Could not read the usage: ${error.message}`);
    }
  }

  csvLinks(card, (by) => `usage-by-${by}.csv`, say);
  const refresh = refresher(load);
  refresh.now();
  return refresh;
}

if (document.querySelector('[data-insights-page]')) {
  const costCard = document.querySelector('[data-cost-card]');
  const spending = costCard ? setUpCost(costCard) : null;
  const refresh = debounce(() => refreshSections(SECTIONS), 1000);
  connectLive('/ws/system', {
    onEvent: (event) => {
      if (RELEVANT.has(event.type)) refresh();
      if (event.type === 'budget_alert') spending?.now();
      else if (SPENDING.has(event.type)) spending?.later();
    },
    onReconnect: () => {
      refresh();
      spending?.later(0);
    },
  });
}
