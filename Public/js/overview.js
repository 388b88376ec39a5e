// /: keeps the project cards and the "Needs you" list live (any project event refreshes the cards from the REST
// API; a change in an agent's state re-renders the list from the server) and filters as you type. Without
// JavaScript the filter form submits and the server renders the same cards.
import { api, connectLive, debounce, displayTime, refreshSections } from './live.js';

const grid = document.querySelector('[data-project-grid]');
const filters = document.querySelector('[data-project-filters]');
const statusSelect = filters?.querySelector('select[name="status"]');
const search = filters?.querySelector('input[name="q"]');
const errorBox = document.querySelector('[data-live-error]');

const REFRESHING_EVENTS = new Set([
  'project_status_change', 'agent_status_update', 'agent_report', 'git_event',
  'message_queued', 'message_delivered', 'message_failed', 'checkin_delivered',
]);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function percent(progress) {
  return Math.round(Math.min(1, Math.max(0, Number(progress) || 0)) * 100);
}

/** The newest of the project's update time and its agents' last output. */
function lastActivity(project) {
  const times = [project.updated_at, ...(project.agents ?? []).map((agent) => agent.last_output_at)]
    .filter(Boolean).map((value) => new Date(value)).filter((date) => !Number.isNaN(date.getTime()));
  if (times.length === 0) return '';
  return displayTime(new Date(Math.max(...times.map((date) => date.getTime()))));
}

function buildCard(project) {
  const card = element('li', 'card project-card');
  card.dataset.projectId = project.id;
  const head = element('div', 'project-card-head');
  const title = element('h2');
  const link = element('a', '', project.name);
  link.href = `/projects/${encodeURIComponent(project.id)}`;
  title.append(link);
  const badge = element('span', 'badge');
  badge.dataset.field = 'status';
  head.append(title, badge);
  const description = element('p', 'muted');
  description.dataset.field = 'description';
  const progress = element('div', 'progress');
  const meter = element('meter');
  meter.min = 0;
  meter.max = 100;
  meter.dataset.field = 'meter';
  meter.setAttribute('aria-label', `Progress of ${project.name}`);
  const percentText = element('span', 'small');
  percentText.dataset.field = 'percent';
  progress.append(meter, percentText);
  const dots = element('ul', 'dots');
  dots.dataset.field = 'agents';
  dots.setAttribute('aria-label', 'Agents');
  const meta = element('p', 'small muted', 'Priority ');
  const priority = element('span');
  priority.dataset.field = 'priority';
  const activity = element('span');
  activity.dataset.field = 'last-activity';
  meta.append(priority, ' · last activity ', activity);
  card.append(head, description, progress, dots, meta);
  return card;
}

function field(card, name) {
  return card.querySelector(`[data-field="${name}"]`);
}

function setText(node, text) {
  if (node && node.textContent !== text) node.textContent = text;
}

function updateCard(card, project) {
  const badge = field(card, 'status');
  if (badge) {
    badge.className = `badge status-${project.status}`;
    setText(badge, project.status);
  }
  setText(field(card, 'description'), project.description ?? '');
  const value = percent(project.progress);
  const meter = field(card, 'meter');
  if (meter) {
    meter.value = value;
    setText(meter, `${value}%`);
  }
  setText(field(card, 'percent'), `${value}%`);
  setText(field(card, 'priority'), project.priority ?? '');
  const activity = lastActivity(project);
  if (activity) setText(field(card, 'last-activity'), activity);
  const dots = field(card, 'agents');
  if (dots) {
    const states = (project.agents ?? []).map((agent) => String(agent.status ?? 'unknown'));
    const shown = [...dots.querySelectorAll('.dot')].map((dot) => dot.title);
    if (states.join() !== shown.join()) {
      dots.replaceChildren(...states.map((state) => {
        const dot = element('li', `dot state-${state}`);
        dot.title = state;
        dot.append(element('span', 'visually-hidden', state));
        return dot;
      }));
    }
  }
}

function showEmpty(empty) {
  let notice = document.querySelector('[data-empty-state]');
  if (empty && !notice) {
    notice = element('section', 'card empty-state');
    notice.dataset.emptyState = '';
    notice.append(element('h2', '', 'No projects match'));
    grid.after(notice);
  }
  if (notice) notice.hidden = !empty;
  grid.hidden = empty;
}

/** The page's own query: what the address bar shows and the server renders. */
function query() {
  const params = new URLSearchParams();
  if (statusSelect?.value) params.set('status', statusSelect.value);
  if (search?.value.trim()) params.set('q', search.value.trim());
  return params;
}

/** The API query for the chosen filter, and which of its answers the filter keeps: the default leaves terminated
 * projects out, "needs me" keeps running projects with an agent waiting for a person. */
function apiQuery() {
  const params = new URLSearchParams();
  const filter = statusSelect?.value ?? '';
  if (search?.value.trim()) params.set('q', search.value.trim());
  if (filter === 'needs_me') params.set('status', 'running');
  else if (filter && filter !== 'all') params.set('status', filter);
  const keep = filter === '' ? (project) => project.status !== 'terminated'
    : filter === 'needs_me' ? (project) => (project.agents ?? []).some((agent) => agent.status === 'waiting')
      : () => true;
  return { params, keep };
}

let running = null;
let again = false;

/** Fetches the projects matching the filters and brings the cards in line (add, update, order, remove). */
async function refresh() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      const { params, keep } = apiQuery();
      params.set('limit', '500');
      const list = await api(`/api/v1/projects?${params}`);
      const cards = new Map([...grid.querySelectorAll('[data-project-id]')].map((card) => [card.dataset.projectId, card]));
      const seen = new Set();
      for (const project of (list.items ?? []).filter(keep)) {
        let card = cards.get(project.id);
        if (!card) card = buildCard(project);
        updateCard(card, project);
        grid.append(card); // appending moves it: the grid ends up in the API's order
        seen.add(project.id);
      }
      for (const [id, card] of cards) if (!seen.has(id)) card.remove();
      grid.dataset.count = String(seen.size);
      showEmpty(seen.size === 0);
      if (errorBox) errorBox.hidden = true;
    } catch (error) {
      if (errorBox) {
        errorBox.textContent = `Could not refresh the projects: ${error.message}`;
        errorBox.hidden = false;
      }
    } finally {
      running = null;
      if (again) {
        again = false;
        refresh();
      }
    }
  })();
  return running;
}

if (grid) {
  const refreshSoon = debounce(refresh, 600);
  const refreshWaiting = debounce(() => refreshSections(['[data-section="needs-me"]'], '/'), 150);
  connectLive('/ws/system', {
    onEvent(envelope) {
      if (REFRESHING_EVENTS.has(envelope.type)) refreshSoon();
      if (envelope.type === 'agent_status_update' || envelope.type === 'project_status_change') refreshWaiting();
    },
    onReconnect() {
      refresh();
      refreshWaiting();
    },
  });

  if (filters) {
    const applyFilters = () => {
      const params = query();
      const url = params.toString() ? `/?${params}` : '/';
      window.history.replaceState(null, '', url);
      refresh();
    };
    statusSelect?.addEventListener('change', applyFilters);
    search?.addEventListener('input', debounce(applyFilters, 300));
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      applyFilters();
    });
  }
}
