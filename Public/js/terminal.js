// The agent page's interactive terminal: xterm.js (vendored under /static/vendor/xterm) fed by
// WS /ws/projects/{id}/agents/{agent}/terminal. It renders at the pane's own size and is scaled to fit: the pane is
// never resized for this browser. Managers type (each key goes as exact bytes); viewers watch.

const STYLE = '/static/vendor/xterm/xterm.css';
/** The bytes of the keys a phone's keyboard lacks, for the key row under the terminal. */
const KEYS = { esc: '\x1b', tab: '\t', up: '\x1b[A', down: '\x1b[B', left: '\x1b[D', right: '\x1b[C', 'ctrl-c': '\x03', enter: '\r' };
const SCRIPT = '/static/vendor/xterm/xterm.js';

function load(tag, attributes) {
  return new Promise((resolve, reject) => {
    const element = document.createElement(tag);
    Object.assign(element, attributes);
    element.addEventListener('load', () => resolve(element));
    element.addEventListener('error', () => reject(new Error(`could not load ${attributes.src || attributes.href}`)));
    document.head.append(element);
  });
}

let vendored = null;
function xterm() {
  vendored ??= Promise.all([load('link', { rel: 'stylesheet', href: STYLE }), load('script', { src: SCRIPT })]).then(() => window.Terminal);
  return vendored;
}

/** Scales the terminal's own element to the width of its frame (never wider than its natural size). */
function fit(frame, screen) {
  const natural = screen.scrollWidth;
  if (!natural) return;
  const scale = Math.min(1, frame.clientWidth / natural);
  screen.style.transform = `scale(${scale})`;
  frame.style.height = `${Math.ceil(screen.scrollHeight * scale)}px`;
}

export function openTerminal(section) {
  const { projectId, agentId } = section.dataset;
  const frame = section.querySelector('[data-xterm-frame]');
  const screen = section.querySelector('[data-xterm]');
  const note = section.querySelector('[data-xterm-status]');
  let term = null;
  let socket = null;
  let closed = false;
  let failures = 0;

  const say = (text) => { if (note) note.textContent = text; };
  const keys = section.querySelector('[data-xterm-keys]');
  const send = (data) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'input', data }));
  };
  const onKey = (event) => {
    const key = event.target.closest('[data-key]')?.dataset.key;
    if (key && KEYS[key]) send(KEYS[key]);
  };
  keys?.addEventListener('click', onKey);

  function url() {
    const target = new URL(`/ws/projects/${encodeURIComponent(projectId)}/agents/${encodeURIComponent(agentId)}/terminal`, window.location.href);
    target.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return target.href;
  }

  async function connect() {
    const Terminal = await xterm();
    socket = new WebSocket(url());
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') {
        term?.write(new Uint8Array(event.data));
        return;
      }
      let said;
      try { said = JSON.parse(event.data); } catch { return; }
      if (said.type === 'hello') {
        failures = 0;
        if (!term) {
          term = new Terminal({ cols: said.cols, rows: said.rows, disableStdin: !said.can_type, cursorBlink: said.can_type, scrollback: 2000,
            fontSize: 13, theme: { background: '#0d1117' } });
          term.open(screen);
          screen.terminal = term;
          term.onData(send);
        } else if (term.cols !== said.cols || term.rows !== said.rows) {
          term.resize(said.cols, said.rows); // this browser's copy follows the pane; the pane itself is never resized
        }
        section.dataset.canType = String(said.can_type);
        if (keys) keys.hidden = !said.can_type;
        say(said.can_type ? `Live: typing goes to ${agentId} (${said.cols}×${said.rows}).` : `Live, read only (${said.cols}×${said.rows}).`);
        requestAnimationFrame(() => fit(frame, screen));
        if (said.can_type) term.focus();
      } else if (said.type === 'error') {
        say(said.message);
      }
    });
    socket.addEventListener('close', () => {
      socket = null;
      if (closed) return;
      failures += 1;
      say('Reconnecting…'); // the old screen stays until the new one is drawn
      window.setTimeout(connect, Math.min(10000, 500 * 2 ** Math.min(failures, 5)));
    });
  }

  section.hidden = false;
  connect().catch((error) => say(`The terminal could not start: ${error.message}`));
  window.addEventListener('resize', () => fit(frame, screen));
  document.addEventListener('fullscreenchange', () => requestAnimationFrame(() => fit(frame, screen)));
  return {
    close() {
      closed = true;
      keys?.removeEventListener('click', onKey);
      socket?.close();
    },
  };
}

const section = document.querySelector('[data-xterm-section]');
const toggle = document.querySelector('[data-xterm-open]');
// The plain read-only copy of the screen, shown while the interactive terminal is closed.
const plain = document.querySelector('.terminal-section [data-field="screen"]');
let opened = null;
toggle?.addEventListener('click', () => {
  if (opened) {
    opened.close();
    opened = null;
    section.hidden = true;
    if (plain) plain.hidden = false;
    section.querySelector('[data-xterm]')?.replaceChildren();
    toggle.textContent = 'Open the interactive terminal';
    return;
  }
  opened = openTerminal(section);
  if (plain) plain.hidden = true;
  toggle.textContent = 'Close the interactive terminal';
});
section?.querySelector('[data-xterm-fullscreen]')?.addEventListener('click', () => section.querySelector('[data-xterm-frame]')?.requestFullscreen?.());
