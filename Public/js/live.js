// Shared helpers for the live pages: a reconnecting WebSocket, JSON calls, time formatting,
// terminal output and re-fetching server-rendered sections. No eval, no HTML from anywhere but the server.
import { csrfToken, enhance } from './app.js';

const STATUS_TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline, waiting for the network…',
  signedOut: 'Signed out: reload the page to sign in again',
};

/** Shows the connection state in the page's [data-live-status] element (a role=status live region). */
function setStatus(state) {
  const element = document.querySelector('[data-live-status]');
  if (!element) return;
  element.hidden = false;
  element.dataset.state = state;
  const text = STATUS_TEXT[state] ?? state;
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Fetches the current page again (a page GET renews an expired access cookie from the refresh cookie),
 * so the next WebSocket upgrade or API call is signed in. Returns false when the session has ended.
 */
export async function renewSession() {
  try {
    const response = await fetch(window.location.pathname, { credentials: 'same-origin', cache: 'no-store' });
    return !(response.redirected && new URL(response.url).pathname === '/login');
  } catch {
    return true; // network trouble, not a lost session
  }
}

/**
 * Opens `path` (e.g. /ws/projects/x) as a WebSocket and keeps it open: on a drop it reconnects with
 * exponential backoff (1 s … 30 s, jittered), asking for `?since=<last event id>` so nothing is missed.
 * @param {string} path
 * `onOpen` runs on every successful connection (the first one too): live-only output printed before the
 * socket opened is not replayed, so pages re-read it then.
 * @param {{since?: number|null, onEvent: (envelope: object) => void, onReconnect?: () => void, onOpen?: () => void}} options
 */
export function connectLive(path, { since = null, onEvent, onReconnect, onOpen } = {}) {
  let lastId = Number.isFinite(since) && since >= 0 ? since : null;
  let failures = 0;
  let opened = false;
  let stopped = false;
  let timer = null;
  let socket = null;

  function url() {
    const target = new URL(path, window.location.href);
    target.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (lastId !== null) target.searchParams.set('since', String(lastId));
    return target.href;
  }

  function open() {
    timer = null;
    if (stopped) return;
    setStatus(failures === 0 && !opened ? 'connecting' : 'reconnecting');
    socket = new WebSocket(url());
    socket.addEventListener('open', () => {
      failures = 0;
      reportFocus();
      setStatus('live');
      if (opened && onReconnect) onReconnect();
      opened = true;
      if (onOpen) onOpen();
    });
    socket.addEventListener('message', (message) => {
      let envelope;
      try {
        envelope = JSON.parse(message.data);
      } catch {
        return;
      }
      if (!envelope || typeof envelope.type !== 'string') return;
      if (typeof envelope.id === 'number' && envelope.id > 0) {
        if (lastId !== null && envelope.id <= lastId) return; // already seen
        lastId = envelope.id;
      }
      try {
        onEvent(envelope);
      } catch (error) {
        console.warn('live update failed', envelope.type, error);
      }
    });
    socket.addEventListener('close', () => {
      socket = null;
      if (!stopped) retry();
    });
  }

  async function retry() {
    failures += 1;
    if (!navigator.onLine) {
      setStatus('offline');
      return; // the 'online' event reconnects
    }
    setStatus('reconnecting');
    const delay = Math.min(30000, 1000 * 2 ** Math.min(failures - 1, 5)) * (0.8 + Math.random() * 0.4);
    timer = window.setTimeout(async () => {
      // The access cookie may have expired while we were away: renew it before the upgrade.
      if (!(await renewSession())) {
        stopped = true;
        setStatus('signedOut');
        return;
      }
      open();
    }, delay);
  }

  // A project page tells the server whether someone is looking at it: notices about it are then held back.
  let lastFocus = null;
  function reportFocus() {
    if (!path.startsWith('/ws/projects/') || !socket || socket.readyState !== WebSocket.OPEN) return;
    const focused = document.visibilityState === 'visible' && document.hasFocus();
    if (focused === lastFocus && socket.reportedFocus) return;
    lastFocus = focused;
    socket.reportedFocus = true;
    socket.send(JSON.stringify({ type: 'focus', focused }));
  }
  document.addEventListener('visibilitychange', reportFocus);
  window.addEventListener('focus', reportFocus);
  window.addEventListener('blur', reportFocus);

  window.addEventListener('online', () => {
    if (!stopped && !socket) {
      window.clearTimeout(timer);
      open();
    }
  });
  window.addEventListener('offline', () => setStatus('offline'));
  // Leaving the page: no reconnects (the browser closes the socket itself).
  window.addEventListener('pagehide', () => {
    stopped = true;
    window.clearTimeout(timer);
  });

  open();
  return { get lastId() { return lastId; } };
}

/** An API answer that was not 2xx, with the server's words. */
export class ApiError extends Error {
  constructor(status, body) {
    const fields = body?.error?.details?.fields?.map((item) => `${item.field} ${item.message}`).join('; ');
    super(fields || body?.error?.message || `The server answered ${status}.`);
    this.status = status;
    this.body = body;
  }
}

/** Calls the JSON API with the session cookie (and the CSRF token on writes); renews once on 401. */
export async function api(path, { method = 'GET', body } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET') init.headers['X-CSRF-Token'] = csrfToken();
  let response = await fetch(path, init);
  if (response.status === 401 && (await renewSession())) response = await fetch(path, init);
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** `2026-11-21 14:50 UTC`, the way the server shows times. */
export function displayTime(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const two = (n) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} `
    + `${two(date.getUTCHours())}:${two(date.getUTCMinutes())} UTC`;
}

/** Whether a scrollable element is (nearly) scrolled to its bottom. */
export function isAtBottom(element) {
  return element.scrollHeight - element.scrollTop - element.clientHeight < 8;
}

/**
 * Appends terminal text to a <pre>, keeping the last `maxLines` lines, and keeps it scrolled to the
 * bottom unless the reader has scrolled up. With `dropBlank`, blank lines are left out (small tiles).
 */
export function appendOutput(pre, text, maxLines, { dropBlank = false } = {}) {
  if (!text) return;
  const pinned = pre.dataset.pinned !== 'false';
  let lines = (pre.textContent + text).split('\n');
  if (dropBlank) lines = lines.filter((line, index) => line.trim() !== '' || index === lines.length - 1);
  if (lines.length > maxLines) lines = lines.slice(-maxLines);
  pre.textContent = lines.join('\n');
  if (pinned) pre.scrollTop = pre.scrollHeight;
}

/** Starts a terminal <pre> at its bottom and remembers whether the reader scrolled away from it. */
export function pinToBottom(pre, onChange) {
  pre.scrollTop = pre.scrollHeight;
  pre.dataset.pinned = 'true';
  pre.addEventListener('scroll', () => {
    const pinned = isAtBottom(pre);
    if (String(pinned) !== pre.dataset.pinned) {
      pre.dataset.pinned = String(pinned);
      onChange?.(pinned);
    }
  }, { passive: true });
}

/**
 * Keeps a terminal <pre> showing an agent's screen as tmux draws it (escape sequences removed, trailing blank rows
 * trimmed), read from `GET …/agents/{agent}/output`: the returned function is called whenever the agent printed
 * something; it reads at once, then at most every `gap` ms while output keeps coming. A reader scrolled up keeps
 * their place: the text is replaced only while the view follows the bottom.
 */
export function screenFollower(projectId, agentId, pre, lines, { gap = 300 } = {}) {
  const url = `/api/v1/projects/${encodeURIComponent(projectId)}/agents/${encodeURIComponent(agentId)}/output?lines=${lines}`;
  let busy = false;
  let dirty = false;
  async function read() {
    busy = true;
    dirty = false;
    try {
      const answer = await api(url);
      if (typeof answer.output === 'string' && pre.dataset.pinned !== 'false' && pre.textContent !== answer.output) {
        pre.textContent = answer.output;
        pre.scrollTop = pre.scrollHeight;
      }
    } catch {
      // The pane is gone (paused, stopped) or the network blinked: the last screen stays.
    }
    window.setTimeout(() => {
      busy = false;
      if (dirty) read();
    }, gap);
  }
  return () => {
    if (busy) dirty = true;
    else read();
  };
}

/** Runs `fn` at most once per `wait` ms, at the end of a burst of calls. */
export function debounce(fn, wait) {
  let timer = null;
  return (...args) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), wait);
  };
}

/**
 * Re-renders parts of this page from the server: fetches the page again and swaps each element matching
 * one of `selectors` for its fresh copy. A section holding the keyboard focus (someone is filling in a form
 * there) is left alone until the focus moves on.
 * @returns {Promise<Document|null>} the fetched page, or null if it could not be fetched
 */
export async function refreshSections(selectors, url = window.location.pathname + window.location.search) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return null;
  }
  if (!response.ok || (response.redirected && new URL(response.url).pathname === '/login')) return null;
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  for (const selector of selectors) {
    const current = document.querySelector(selector);
    const replacement = fresh.querySelector(selector);
    if (!current || !replacement) continue;
    if (current.contains(document.activeElement) && document.activeElement !== document.body) {
      current.addEventListener('focusout', () => refreshSections([selector], url), { once: true });
      continue;
    }
    const node = document.importNode(replacement, true);
    current.replaceWith(node);
    enhance(node);
  }
  return fresh;
}
