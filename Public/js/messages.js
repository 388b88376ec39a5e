// Message history items, built the same way the server renders them (pages/project, pages/agent).
import { displayTime, isAtBottom } from './live.js';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A timeline line for a message event. */
export function messageSummary(type, message = {}) {
  const target = message.target_agent ?? '?';
  switch (type) {
    case 'message_queued': return `Message from ${message.sender ?? '?'} to ${target} queued`;
    case 'message_delivered': return `Message to ${target} delivered`;
    case 'message_failed': return `Message to ${target} failed${message.failure_reason ? `: ${message.failure_reason}` : ''}`;
    case 'checkin_delivered': return `Check-in delivered to ${target}`;
    default: return type;
  }
}

function setStatus(item, message) {
  const status = String(message.status ?? 'queued');
  [...item.classList].forEach((name) => {
    if (name.startsWith('message-') && name !== `message-${status}`) item.classList.remove(name);
  });
  item.classList.add(`message-${status}`);
  const badge = item.querySelector('[data-field="status"]');
  if (badge) {
    badge.className = `badge message-status status-${status}`;
    badge.textContent = status;
  }
  let failure = item.querySelector('[data-field="failure"]');
  if (status === 'failed') {
    if (!failure) {
      failure = element('p', 'failure small');
      failure.dataset.field = 'failure';
      item.append(failure);
    }
    failure.textContent = `Not delivered: ${message.failure_reason ?? 'no reason given'}`;
  } else if (failure) {
    failure.remove();
  }
}

function buildMessage(message, direction) {
  const item = element('li', 'message');
  if (direction) item.classList.add(`direction-${direction}`);
  item.dataset.messageId = String(message.id);
  item.id = `message-${message.id}`;
  const head = element('div', 'message-head small');
  const arrow = element('span', '', '→');
  arrow.setAttribute('aria-hidden', 'true');
  const badge = element('span', 'badge message-status');
  badge.dataset.field = 'status';
  const priority = String(message.priority ?? 'normal');
  head.append(
    element('strong', '', message.sender ?? ''), ' ', arrow, element('span', 'visually-hidden', 'to'), ' ',
    element('strong', '', message.target_agent ?? ''), ' ', badge, ' ',
    element('span', `muted priority-${priority}`, priority),
  );
  if (message.requires_response) {
    const wanted = element('span', 'badge', 'reply wanted');
    wanted.dataset.field = 'reply-wanted';
    head.append(' ', wanted);
  }
  if (message.in_reply_to) {
    const link = element('a', 'small', `↩ reply to #${message.in_reply_to}`);
    link.href = `#message-${message.in_reply_to}`;
    link.dataset.field = 'reply-to';
    head.append(' ', link);
  }
  const time = element('time', 'muted', displayTime(message.created_at));
  if (message.created_at) time.dateTime = message.created_at;
  head.append(' ', time);
  const content = element('div', 'markdown');
  content.dataset.field = 'content';
  if (typeof message.content_html === 'string') {
    content.innerHTML = message.content_html; // rendered and sanitized by the server (cmark, raw HTML dropped)
  } else {
    content.append(element('p', '', message.content ?? ''));
  }
  item.append(head, content);
  return item;
}

/**
 * Adds `message` to the history list (oldest first), or updates its status if it is already there.
 * Keeps the list scrolled to the newest message unless the reader has scrolled up.
 */
export function upsertMessage(list, message, { limit = 100, direction = null } = {}) {
  if (!message || message.id === undefined || message.id === null) return;
  const existing = list.querySelector(`[data-message-id="${CSS.escape(String(message.id))}"]`);
  if (existing) {
    setStatus(existing, message);
    return;
  }
  // A reply: the message it answers no longer waits for one.
  const asked = message.in_reply_to ? list.querySelector(`[data-message-id="${CSS.escape(String(message.in_reply_to))}"] [data-field="reply-wanted"]`) : null;
  if (asked) {
    asked.textContent = 'answered';
    asked.className = 'badge status-delivered';
  }
  const pinned = isAtBottom(list);
  const item = buildMessage(message, direction);
  setStatus(item, message);
  list.append(item);
  while (list.children.length > limit) list.firstElementChild.remove();
  list.parentElement?.querySelector('[data-messages-empty]')?.remove();
  if (pinned) list.scrollTop = list.scrollHeight;
}
