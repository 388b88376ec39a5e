// /projects/{id}: live agent tiles (state, task, progress, output, tokens and cost), message history, events
// timeline, the usage and budget card, and the git panel and controls re-rendered by the server when something changes.
import { connectLive, debounce, displayTime, pinToBottom, refreshSections, screenFollower } from './live.js';
import { messageSummary, upsertMessage } from './messages.js';
import { refreshReviews } from './review.js';
import { setUpRules } from './rules.js';
import { setUpUsage } from './usage.js';

const page = document.querySelector('[data-project-page]');
const rulesCard = page?.querySelector('[data-approval-rules]');
const rules = rulesCard ? setUpRules(rulesCard) : null;
const usageCard = page?.querySelector('[data-usage-card]');
const usage = usageCard ? setUpUsage(usageCard, { tiles: page.querySelector('[data-agent-grid]') }) : null;
const TILE_LINES = 12;
const MAX_EVENTS = 50;

function tile(agentId) {
  return page.querySelector(`.agent-tile[data-agent-id="${CSS.escape(String(agentId))}"]`);
}

function field(root, name) {
  return root?.querySelector(`[data-field="${name}"]`) ?? null;
}

function setState(root, state) {
  const label = field(root, 'state');
  if (!label || !state) return;
  label.className = `state state-${state}`;
  label.textContent = state;
}

function setProgress(root, progress) {
  const box = field(root, 'progress');
  if (!box || typeof progress !== 'number') return;
  const value = Math.round(Math.min(1, Math.max(0, progress)) * 100);
  box.hidden = false;
  box.dataset.progress = String(progress);
  const meter = field(box, 'meter');
  if (meter) {
    meter.value = value;
    meter.textContent = `${value}%`;
  }
  const text = field(box, 'percent');
  if (text) text.textContent = `${value}%`;
}

/** The project's progress is the mean of what its agents reported, like the server computes it. */
function updateProjectProgress() {
  const reported = [...page.querySelectorAll('.agent-tile [data-field="progress"]:not([hidden])')]
    .map((box) => Number(box.dataset.progress ?? field(box, 'meter')?.value / 100))
    .filter((value) => Number.isFinite(value));
  if (reported.length === 0) return;
  setProjectProgress(reported.reduce((sum, value) => sum + value, 0) / reported.length);
}

function setProjectProgress(progress) {
  const value = Math.round(Math.min(1, Math.max(0, Number(progress) || 0)) * 100);
  const meter = page.querySelector('[data-field="project-meter"]');
  if (meter) {
    meter.value = value;
    meter.textContent = `${value}%`;
  }
  const text = page.querySelector('[data-field="project-percent"]');
  if (text) text.textContent = `${value}%`;
}

function setProjectStatus(status) {
  const badge = page.querySelector('[data-field="project-status"]');
  if (!badge || !status) return;
  badge.className = `badge status-${status}`;
  badge.textContent = status;
}

/** One line for the events timeline, in the words the server uses where it can be guessed. */
function eventSummary(type, data = {}) {
  const percent = (value) => (typeof value === 'number' ? ` (${Math.round(value * 100)}%)` : '');
  switch (type) {
    case 'project_status_change':
      return `Project is ${data.status}${percent(data.progress)}`;
    case 'agent_status_update':
      return `${data.agent_id} is ${data.status}${data.current_task ? `: ${data.current_task}` : ''}`;
    case 'agent_report':
      return `${data.agent_id} reported${data.current_task ? `: ${data.current_task}` : ''}${percent(data.progress)}`;
    case 'message_queued':
    case 'message_delivered':
    case 'message_failed':
    case 'checkin_delivered':
      return messageSummary(type, data);
    case 'git_event': {
      const hash = data.hash ? ` ${String(data.hash).slice(0, 8)}` : '';
      return `${data.event ?? 'git'} on ${data.branch ?? '?'}${hash}: ${data.message ?? ''}`;
    }
    case 'approval_dry_run':
      return `Rule ${data.rule_id} would have answered ${data.would_answer} for ${data.agent_id} (dry run)`;
    case 'agent_input': {
      if (data.answer) return `${data.by ?? 'someone'} answered “${data.answer}” for ${data.agent_id}`;
      return `${data.by ?? 'someone'} pressed ${(data.keys ?? []).join(' ')} in ${data.agent_id}`;
    }
    case 'agent_reply':
      return `${data.sender} replied to message #${data.in_reply_to}`;
    case 'message_held':
      return `Message #${data.id} to ${data.target_agent} held: its agent waits for an answer`;
    case 'system_alert':
    case 'ai_insight':
    case 'budget_alert':
      return data.message ?? type.replaceAll('_', ' ');
    default:
      return type.replaceAll('_', ' ');
  }
}

function addEvent(envelope) {
  const list = page.querySelector('[data-events]');
  if (!list || !(envelope.id > 0)) return;
  if (list.querySelector(`[data-event-id="${envelope.id}"]`)) return;
  const item = document.createElement('li');
  item.dataset.eventId = String(envelope.id);
  const time = document.createElement('time');
  time.dateTime = envelope.timestamp ?? '';
  time.textContent = displayTime(envelope.timestamp);
  const type = document.createElement('span');
  type.className = 'event-type';
  type.textContent = envelope.type;
  const summary = document.createElement('span');
  summary.className = 'event-summary';
  summary.textContent = eventSummary(envelope.type, envelope.data ?? {});
  item.append(time, ' ', type, ' ', summary);
  list.prepend(item); // newest first
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
  page.querySelector('[data-events-empty]')?.remove();
}

if (page) {
  const projectId = page.dataset.projectId;
  const since = Number.parseInt(page.dataset.lastEventId ?? '', 10);

  // Each tile shows its pane's last lines as drawn, re-read when the agent prints (not the raw stream: a TUI's
  // redraws would pile up).
  const followers = new Map();
  for (const agent of page.querySelectorAll('.agent-tile[data-agent-id]')) {
    const pre = field(agent, 'output');
    if (!pre) continue;
    pinToBottom(pre);
    const follow = screenFollower(projectId, agent.dataset.agentId, pre, TILE_LINES);
    // A stopped or failed agent has no pane to read: its last screen stays as rendered.
    followers.set(agent.dataset.agentId, () => {
      if (!['stopped', 'failed'].includes(field(agent, 'state')?.textContent)) follow();
    });
  }
  const messages = page.querySelector('[data-messages]');
  if (messages) pinToBottom(messages);

  const refreshGit = debounce(() => refreshSections(['[data-section="git"]']), 700);
  const refreshControls = debounce(() => refreshSections(['[data-section="controls"]', '[data-section="checkins"]']), 700);
  // A waiting agent's question comes with its answer buttons, rendered by the server (forms carry the CSRF token).
  const refreshPrompts = debounce(() => refreshSections([...page.querySelectorAll('[data-section^="prompt-"]')]
    .map((section) => `[data-section="${CSS.escape(section.dataset.section)}"]`)), 150);

  connectLive(`/ws/projects/${encodeURIComponent(projectId)}`, {
    since: Number.isFinite(since) ? since : null,
    onEvent({ type, data = {}, ...envelope }) {
      const full = { type, data, ...envelope };
      switch (type) {
        case 'agent_output': {
          followers.get(String(data.agent_id))?.();
          const when = field(tile(data.agent_id), 'last-output');
          if (when) when.textContent = displayTime(envelope.timestamp ?? new Date());
          return; // live only, not a stored event
        }
        case 'agent_status_update': {
          const agent = tile(data.agent_id);
          followers.get(String(data.agent_id))?.();
          const wasWaiting = field(agent, 'state')?.textContent === 'waiting';
          setState(agent, data.status);
          const task = field(agent, 'task');
          if (task && typeof data.current_task === 'string') task.textContent = data.current_task;
          if (data.status === 'waiting' || wasWaiting) refreshPrompts();
          usage?.later(); // a turn ended or began: what it spent may have been read
          break;
        }
        case 'agent_report': {
          const agent = tile(data.agent_id);
          setState(agent, data.status);
          const task = field(agent, 'task');
          if (task && typeof data.current_task === 'string') task.textContent = data.current_task;
          setProgress(agent, data.progress);
          updateProjectProgress();
          break;
        }
        case 'message_queued':
        case 'message_delivered':
        case 'message_failed':
        case 'checkin_delivered':
        case 'agent_reply':
          if (messages) upsertMessage(messages, data, { limit: 100 });
          if (type === 'checkin_delivered') refreshControls();
          if (type === 'agent_reply') refreshReviews(); // a reply answers a review
          break;
        case 'review_submitted':
          refreshReviews();
          break;
        case 'budget_alert':
          usage?.now();
          break;
        case 'approval_dry_run':
          rules?.load();
          break;
        case 'git_event':
          refreshGit();
          break;
        case 'agent_input':
          if (data.rule_id) rules?.load(); // a rule answered: its counter moved
          break;
        case 'project_status_change':
          setProjectStatus(data.status);
          if (typeof data.progress === 'number') setProjectProgress(data.progress);
          refreshControls();
          usage?.later();
          break;
        default:
          break;
      }
      addEvent(full);
    },
    onReconnect() {
      refreshGit();
      usage?.later(0);
    },
    onOpen() {
      // Output printed between this page's render and the socket opening is not replayed: re-read each screen.
      for (const follow of followers.values()) follow();
    },
  });

  // Ctrl+Enter (or Cmd+Enter) in the composer sends the message.
  for (const textarea of page.querySelectorAll('[data-composer] textarea')) {
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        textarea.form.requestSubmit();
      }
    });
  }
}
