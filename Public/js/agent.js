// /projects/{id}/agents/{agent}: the pane as a large live terminal, the agent's state, its messages both
// ways and its reports (re-rendered by the server when it reports).
import { connectLive, debounce, pinToBottom, refreshSections, screenFollower } from './live.js';
import { upsertMessage } from './messages.js';
import './terminal.js';

const page = document.querySelector('[data-agent-page]');
/** Lines of the pane re-read live (the page itself opens with 2000 of its history). */
const SCREEN_LINES = 300;

function field(name) {
  return page.querySelector(`[data-field="${name}"]`);
}

function setState(state) {
  const label = field('state');
  if (!label || !state) return;
  label.className = `state state-${state}`;
  label.textContent = state;
}

function setTask(task) {
  const node = field('task');
  if (node && typeof task === 'string') node.textContent = task;
}

function setProgress(progress) {
  const box = field('progress');
  if (!box || typeof progress !== 'number') return;
  const value = Math.round(Math.min(1, Math.max(0, progress)) * 100);
  box.hidden = false;
  const meter = box.querySelector('[data-field="meter"]');
  if (meter) {
    meter.value = value;
    meter.textContent = `${value}%`;
  }
  const text = box.querySelector('[data-field="percent"]');
  if (text) text.textContent = `${value}%`;
}

if (page) {
  const projectId = page.dataset.projectId;
  const agentId = page.dataset.agentId;
  const since = Number.parseInt(page.dataset.lastEventId ?? '', 10);

  const refreshPrompt = debounce(() => refreshSections([`[data-section="prompt-${CSS.escape(agentId)}"]`]), 150);
  const screen = field('screen');
  const readScreen = screen ? screenFollower(projectId, agentId, screen, SCREEN_LINES) : null;
  // A stopped or failed agent has no pane to read: its last screen stays as rendered.
  const followScreen = readScreen && (() => {
    if (!['stopped', 'failed'].includes(field('state')?.textContent)) readScreen();
  });
  // A reading aid only (no state changes), so it is created here rather than rendered for everyone.
  const follow = document.createElement('button');
  follow.type = 'button';
  follow.className = 'small-button';
  follow.hidden = true;
  follow.textContent = 'Jump to the latest output';
  page.querySelector('.terminal-section .section-head')?.append(follow);
  if (screen) {
    // A captured pane ends in blank rows; live output continues after the last written line.
    screen.textContent = screen.textContent.replace(/(\n[ \t]*)+$/, '');
    pinToBottom(screen, (pinned) => {
      follow.hidden = pinned;
    });
    follow.addEventListener('click', () => {
      screen.scrollTop = screen.scrollHeight;
      screen.dataset.pinned = 'true';
      follow.hidden = true;
      followScreen?.();
      screen.focus();
    });
  }
  const messages = page.querySelector('[data-messages]');
  if (messages) pinToBottom(messages);

  const refreshReports = debounce(() => refreshSections(['[data-section="reports"]', '[data-field="last-report"]']), 500);

  connectLive(`/ws/projects/${encodeURIComponent(projectId)}`, {
    since: Number.isFinite(since) ? since : null,
    onEvent({ type, data = {} }) {
      switch (type) {
        case 'agent_output':
          if (data.agent_id === agentId) followScreen?.();
          break;
        case 'agent_status_update': {
          if (data.agent_id !== agentId) break;
          const wasWaiting = field('state')?.textContent === 'waiting';
          setState(data.status);
          setTask(data.current_task);
          // The question and its answer buttons are rendered by the server (its forms carry the CSRF token).
          if (data.status === 'waiting' || wasWaiting) refreshPrompt();
          break;
        }
        case 'agent_report':
          if (data.agent_id !== agentId) break;
          setState(data.status);
          setTask(data.current_task);
          setProgress(data.progress);
          refreshReports();
          break;
        case 'message_queued':
        case 'message_delivered':
        case 'message_failed':
        case 'checkin_delivered':
        case 'agent_reply': {
          if (!messages) break;
          const direction = data.target_agent === agentId ? 'to' : data.sender === agentId && data.sender_kind === 'agent' ? 'from' : null;
          if (direction) upsertMessage(messages, data, { limit: 200, direction });
          break;
        }
        default:
          break;
      }
    },
    onOpen() {
      // Output printed between this page's render and the socket opening is not replayed: re-read the screen.
      followScreen?.();
    },
  });

  for (const textarea of page.querySelectorAll('[data-composer] textarea')) {
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        textarea.form.requestSubmit();
      }
    });
  }
}
