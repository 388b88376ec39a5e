// What agents spent, read from the JSON API: the project page's "Usage and budget" card (cost to date and today,
// tokens, a bar per UTC day, the models, the budget's limits and, for managers, its form) and each agent tile's
// tokens and cost. The figures, the day chart, the tables and the CSV download are shared with /insights' Cost card.
import { ApiError, api, displayTime } from './live.js';

export const DAYS = 14;
const DAY_MS = 86_400_000;
/** Shortest gap between two reads prompted by events; a budget alert or one's own change reads at once. */
export const MIN_GAP_MS = 10_000;
/** Without events the card is read again this often while the page is shown (usage found by the periodic reader). */
const POLL_MS = 60_000;

const LIMIT_TITLES = {
  daily_dollars: 'Daily (UTC day)',
  total_dollars: 'Total',
  daily_tokens: 'Daily tokens (UTC day)',
  total_tokens: 'Total tokens',
};

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('en-US');

/** `2026-12-06`, the UTC day `date` falls in (usage days are UTC days). */
export function utcDay(date = new Date()) {
  return date.toISOString().slice(0, 10);
}

/** The last `count` UTC days, oldest first, ending today. */
export function lastDays(count = DAYS, now = new Date()) {
  const days = [];
  for (let back = count - 1; back >= 0; back -= 1) days.push(utcDay(new Date(now.getTime() - back * DAY_MS)));
  return days;
}

/** `$0.42`, `$1,234.50`, `< $0.01` for a sliver; `unknown` when there is no figure. */
export function dollars(value) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return 'unknown';
  const amount = Number(value);
  if (amount > 0 && amount < 0.005) return '< $0.01';
  return money.format(amount);
}

/** `950`, `12.3k`, `4.5M`: a token count, short. */
export function tokens(count) {
  const amount = Number(count) || 0;
  for (const [size, unit] of [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']]) {
    if (amount >= size) {
      const scaled = amount / size;
      return `${scaled >= 100 ? Math.round(scaled) : scaled.toFixed(1).replace(/\.0$/, '')}${unit}`;
    }
  }
  return String(Math.round(amount));
}

/** The cost of a row of figures: its dollars, `$0.00` when nothing was spent, `unknown` when nothing was priced. */
export function cost(figures) {
  if (!figures) return dollars(0);
  if (figures.cost_dollars !== null && figures.cost_dollars !== undefined) return dollars(figures.cost_dollars);
  return (figures.total_tokens ?? 0) > 0 ? 'unknown' : dollars(0);
}

/** The same for a spent amount with its token count beside it (the budget's `spent`). */
function spentCost(amount, tokenCount) {
  if (amount !== null && amount !== undefined) return dollars(amount);
  return tokenCount > 0 ? 'unknown' : dollars(0);
}

/** The token breakdown of a row, for a title. */
export function tokenDetail(figures) {
  if (!figures) return '';
  return `${whole.format(figures.total_tokens ?? 0)} tokens: ${whole.format(figures.input_tokens ?? 0)} in, `
    + `${whole.format(figures.output_tokens ?? 0)} out, ${whole.format(figures.cache_creation_input_tokens ?? 0)} cache written, `
    + `${whole.format(figures.cache_read_input_tokens ?? 0)} cache read`;
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A sentence about what the cost leaves out and where the prices come from. */
export function priceNote(report) {
  const parts = [];
  const unpriced = report?.total?.unpriced_models ?? [];
  if (unpriced.length) parts.push(`No price known for ${unpriced.join(', ')}: their tokens are counted, not their cost.`);
  const unmeasured = report?.unmeasured ?? [];
  if (unmeasured.length) {
    const names = unmeasured.slice(0, 5).map((item) => `${item.agent} (${item.program})`).join(', ');
    parts.push(`Usage unknown for ${names}${unmeasured.length > 5 ? ` and ${unmeasured.length - 5} more` : ''}: not in these figures.`);
  }
  if (report?.prices) parts.push(`Prices: ${report.prices.source} (${report.prices.date}).`);
  return parts.join(' ');
}

/**
 * A bar per UTC day of `days` from a `by=day` report's rows: the cost (the tokens when no day has a price), each
 * bar with its date and amount as text for screen readers and as a tooltip.
 */
export function dayChart(rows, days = lastDays()) {
  const byDay = new Map((rows ?? []).map((row) => [row.key, row]));
  const shown = days.map((day) => byDay.get(day));
  const priced = shown.some((row) => row && row.cost_dollars !== null && row.cost_dollars !== undefined);
  const value = (row) => (priced ? Number(row?.cost_dollars ?? 0) : Number(row?.total_tokens ?? 0));
  const highest = Math.max(0, ...shown.map(value));
  const title = `${priced ? 'Cost' : 'Tokens'} per UTC day, last ${days.length} days`;
  const figure = element('figure', 'usage-chart');
  figure.dataset.usageChart = priced ? 'cost' : 'tokens';
  const caption = element('figcaption', 'small muted', `${title} · highest ${priced ? dollars(highest) : tokens(highest)}`);
  const list = element('ol', 'day-bars');
  list.setAttribute('aria-label', title);
  const today = utcDay();
  days.forEach((day, index) => {
    const row = shown[index];
    const said = row ? `${day}: ${cost(row)}, ${tokens(row.total_tokens)} tokens` : `${day}: nothing`;
    const item = element('li', day === today ? 'is-today' : '');
    item.dataset.day = day;
    item.title = said;
    const bar = element('span', 'day-bar');
    bar.setAttribute('aria-hidden', 'true');
    const fill = element('span', 'day-fill');
    const share = highest > 0 ? value(row) / highest : 0;
    fill.style.height = share > 0 ? `${Math.max(3, share * 100)}%` : '0';
    bar.append(fill);
    const label = element('span', 'day-label', String(Number(day.slice(8))));
    label.setAttribute('aria-hidden', 'true');
    item.append(bar, label, element('span', 'visually-hidden', said));
    list.append(item);
  });
  figure.append(caption, list);
  return figure;
}

/**
 * A table of report rows (most expensive first): the key (a link when `link` gives one), tokens and cost, and
 * optional `extra` columns `{title, value(row)}`.
 */
export function figuresTable(rows, { keyTitle, link, extra = [], empty = 'Nothing recorded yet.' } = {}) {
  if (!rows?.length) return element('p', 'muted small', empty);
  const sorted = [...rows].sort((a, b) => (b.cost_dollars ?? -1) - (a.cost_dollars ?? -1) || b.total_tokens - a.total_tokens);
  const table = element('table', 'table usage-table');
  const head = element('tr');
  for (const title of [keyTitle, 'Tokens', 'Cost', ...extra.map((column) => column.title)]) {
    const cell = element('th', '', title);
    cell.scope = 'col';
    head.append(cell);
  }
  table.createTHead().append(head);
  const body = table.createTBody();
  for (const row of sorted) {
    const line = element('tr');
    line.dataset.key = row.key;
    const key = element('th', 'usage-key');
    key.scope = 'row';
    const href = link?.(row.key);
    key.append(href ? Object.assign(element('a', '', row.key), { href }) : element('span', '', row.key));
    const count = element('td', 'number', tokens(row.total_tokens));
    count.title = tokenDetail(row);
    const price = element('td', 'number', cost(row));
    price.dataset.field = 'cost';
    if (row.unpriced_models?.length) price.title = `No price known for ${row.unpriced_models.join(', ')}`;
    line.append(key, count, price, ...extra.map((column) => element('td', 'number', column.value(row))));
    body.append(line);
  }
  const wrap = element('div', 'table-wrap');
  wrap.append(table);
  return wrap;
}

/** Fetches `path` as CSV (`Accept: text/csv`, which a plain link cannot ask for) and saves it as `name`. */
export async function downloadCsv(path, name) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'text/csv' } });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * The card's "Download CSV" links (`data-usage-csv` names the grouping; each links to the JSON report): a click
 * fetches the CSV instead and saves it as `name(by)`.
 */
export function csvLinks(card, name, say) {
  for (const link of card.querySelectorAll('a[data-usage-csv]')) {
    link.addEventListener('click', async (event) => {
      event.preventDefault();
      try {
        await downloadCsv(link.href, name(link.dataset.usageCsv));
      } catch (error) {
        say(`Could not download it: ${error.message}`);
      }
    });
  }
}

/**
 * Runs `load` when asked, at most once per MIN_GAP_MS (a call within the gap runs once at its end), `now()` at once;
 * also every POLL_MS while the page is shown.
 */
export function refresher(load) {
  let last = 0;
  let timer = null;
  let running = false;
  async function run() {
    window.clearTimeout(timer);
    timer = null;
    if (running) {
      timer = window.setTimeout(run, 500);
      return;
    }
    running = true;
    last = Date.now();
    try {
      await load();
    } finally {
      running = false;
    }
  }
  const later = (delay = 1500) => {
    if (timer) return;
    timer = window.setTimeout(run, Math.max(delay, MIN_GAP_MS - (Date.now() - last)));
  };
  window.setInterval(() => {
    if (document.visibilityState === 'visible' && Date.now() - last >= POLL_MS) later(0);
  }, POLL_MS / 4);
  return { later, now: run };
}

function fieldMessages(error) {
  const fields = error instanceof ApiError ? error.body?.error?.details?.fields : null;
  return fields?.length ? fields : null;
}

/**
 * The project page's "Usage and budget" card; `tiles` is the page's agent grid, whose tiles get their tokens and
 * cost. Managers (the card carries data-can-manage, rendered from the signed-in role, as the rules card does) get the
 * budget form; the server refuses a viewer's change anyway.
 */
export function setUpUsage(card, { tiles } = {}) {
  const projectId = card.dataset.projectId;
  const canManage = card.hasAttribute('data-can-manage');
  const base = `/api/v1/projects/${encodeURIComponent(projectId)}`;
  const status = card.querySelector('[data-usage-status]');
  const form = canManage ? card.querySelector('[data-budget-form]') : null;
  const remove = form?.querySelector('[data-budget-remove]');
  const say = (text) => { if (status) status.textContent = text; };
  const show = (name, text, title) => {
    const target = card.querySelector(`[data-usage="${name}"]`);
    if (!target) return;
    target.textContent = text;
    if (title !== undefined) target.title = title;
  };
  let dirty = false;

  function renderTiles(byAgent) {
    if (!tiles) return;
    const rows = new Map(byAgent.rows.map((row) => [row.key, row]));
    const unmeasured = new Map((byAgent.unmeasured ?? []).map((item) => [item.agent, item]));
    for (const tile of tiles.querySelectorAll('.agent-tile[data-agent-id]')) {
      const line = tile.querySelector('[data-field="usage"]');
      if (!line) continue;
      const row = rows.get(tile.dataset.agentId);
      const unknown = unmeasured.get(tile.dataset.agentId);
      line.textContent = row ? `${tokens(row.total_tokens)} tokens · ${cost(row)}` : unknown ? 'Usage unknown' : 'No usage recorded yet';
      line.title = row ? tokenDetail(row) : unknown ? unknown.reason : '';
      line.hidden = false;
    }
  }

  function renderBudget(budget) {
    const box = card.querySelector('[data-budget]');
    if (!box) return;
    const parts = [];
    const state = card.querySelector('[data-budget-state]');
    if (!budget.limits.length) {
      parts.push(element('p', 'muted small', 'No budget: the agents spend without a limit.'));
      if (state) state.hidden = true;
    } else {
      if (state) {
        state.hidden = false;
        state.className = `badge budget-state budget-${budget.state}`;
        state.textContent = budget.state;
      }
      const list = element('ul', 'budget-limits');
      for (const limit of budget.limits) {
        const level = limit.percent >= 100 ? 'exceeded' : limit.percent >= 80 ? 'alert' : 'ok';
        const item = element('li', `budget-limit budget-${level}`);
        item.dataset.limit = limit.limit;
        const inDollars = limit.limit.endsWith('dollars');
        const amount = (value) => (inDollars ? dollars(value) : `${tokens(value)} tokens`);
        const head = element('div', 'budget-limit-head');
        head.append(element('strong', '', LIMIT_TITLES[limit.limit] ?? limit.limit),
          element('span', 'small', `${amount(limit.spent)} of ${amount(limit.allowed)} · ${limit.percent} %`));
        const meter = element('meter');
        Object.assign(meter, { min: 0, max: 100, low: 80, high: 99.9, optimum: 0, value: Math.min(100, limit.percent) });
        meter.textContent = `${limit.percent} %`;
        meter.setAttribute('aria-label', `${LIMIT_TITLES[limit.limit] ?? limit.limit} budget used`);
        item.append(head, meter);
        list.append(item);
      }
      parts.push(list);
      const action = budget.on_exceed === 'alert' ? 'an alert only' : 'the agents are paused';
      const who = budget.updated_by ? ` Set by ${budget.updated_by}${budget.updated_at ? `, ${displayTime(budget.updated_at)}` : ''}.` : '';
      parts.push(element('p', 'small muted', `At 80 % of a limit an alert is sent; when one is reached, ${action}.${who}`));
      if (budget.state === 'exceeded' && budget.on_exceed !== 'alert') {
        parts.push(element('p', 'small budget-paused', 'A limit is reached: the agents were paused. Raise the budget, then resume the project.'));
      }
    }
    box.replaceChildren(...parts);
    if (remove) remove.hidden = !budget.limits.length;
    if (form && !dirty && !form.contains(document.activeElement)) {
      for (const name of ['daily_dollars', 'total_dollars', 'daily_tokens', 'total_tokens']) {
        const input = form.elements.namedItem(name);
        if (input) input.value = budget[name] ?? '';
      }
      const onExceed = form.elements.namedItem('on_exceed');
      if (onExceed) onExceed.value = budget.on_exceed ?? 'pause';
      const tokenBox = form.querySelector('[data-budget-tokens]');
      if (tokenBox && (budget.daily_tokens || budget.total_tokens)) tokenBox.open = true;
    }
  }

  async function load() {
    const days = lastDays();
    try {
      const [byModel, byDay, byAgent, budget] = await Promise.all([
        api(`${base}/usage?by=model`), api(`${base}/usage?by=day&since=${days[0]}`), api(`${base}/usage?by=agent`), api(`${base}/budget`)]);
      show('total-cost', cost(byModel.total));
      show('today-cost', spentCost(budget.spent.today_dollars, budget.spent.today_tokens));
      show('total-tokens', tokens(byModel.total.total_tokens), tokenDetail(byModel.total));
      const note = card.querySelector('[data-usage-note]');
      if (note) note.textContent = priceNote(byModel);
      card.querySelector('[data-usage-chart]')?.replaceChildren(dayChart(byDay.rows, days));
      card.querySelector('[data-usage-models]')?.replaceChildren(figuresTable(byModel.rows, { keyTitle: 'Model', empty: 'No model used yet.' }));
      renderTiles(byAgent);
      renderBudget(budget);
      card.dataset.loaded = 'true';
    } catch (error) {
      say(`Could not read the usage: ${error.message}`);
    }
  }

  const refresh = refresher(load);

  form?.addEventListener('input', () => { dirty = true; });
  form?.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    const body = {};
    for (const name of ['daily_dollars', 'total_dollars', 'daily_tokens', 'total_tokens']) {
      const text = String(form.elements.namedItem(name)?.value ?? '').trim();
      if (text !== '') body[name] = Number(text);
    }
    body.on_exceed = form.elements.namedItem('on_exceed')?.value || 'pause';
    if (Object.keys(body).length === 1) {
      say('Set at least one limit, or remove the budget.');
      return;
    }
    try {
      const answer = await api(`${base}/budget`, { method: 'PUT', body });
      dirty = false;
      renderBudget(answer);
      say('Budget set.');
      await refresh.now();
    } catch (error) {
      const fields = fieldMessages(error);
      for (const item of fields ?? []) form.elements.namedItem(item.field)?.setAttribute('aria-invalid', 'true');
      say(`Could not set it: ${fields ? fields.map((item) => `${item.field.replaceAll('_', ' ')} ${item.message}`).join('; ') : error.message}`);
    }
  });
  remove?.addEventListener('click', async () => {
    try {
      await api(`${base}/budget`, { method: 'DELETE' });
      dirty = false;
      say('Budget removed.');
      await refresh.now();
    } catch (error) {
      say(`Could not remove it: ${error.message}`);
    }
  });
  csvLinks(card, (by) => `usage-${projectId}-by-${by}.csv`, say);

  refresh.now();
  return refresh;
}
