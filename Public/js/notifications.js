// /account/notifications: turn on Web Push on this device, send a test, remove a device, and answer the questions
// of the notifications this device shows (as a tap on their buttons would).
import { api } from './live.js';

const page = document.querySelector('[data-notifications-page]');
const status = page?.querySelector('[data-push-status]');

function say(text) {
  if (status) status.textContent = text;
}

/** The JSON API (live.js's `api`), called as (method, path, body). */
const call = (method, path, body) => api(path, { method, body });

/** base64url text → the bytes PushManager wants as applicationServerKey. */
function keyBytes(text) {
  const base64 = (text + '='.repeat((4 - (text.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
}

async function subscribe() {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    say('This browser cannot receive push notifications here (it needs HTTPS and a browser with Web Push).');
    return;
  }
  try {
    if (Notification.permission !== 'granted' && (await Notification.requestPermission()) !== 'granted') {
      say('Notifications are blocked for this site; allow them in the browser settings.');
      return;
    }
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    const { public_key: key } = await call('GET', '/api/v1/notifications/vapid-public-key');
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
    const { endpoint, keys } = subscription.toJSON();
    await call('POST', '/api/v1/notifications/subscriptions', { endpoint, keys });
    say('This device will be notified.');
    window.setTimeout(() => window.location.reload(), 800);
  } catch (error) {
    say(`Could not turn notifications on: ${error.message}`);
  }
}

async function sendTest() {
  try {
    const { sent, delivered } = await call('POST', '/api/v1/notifications/test');
    say(sent === 0 ? 'No device is subscribed yet.' : `Sent to ${sent} device(s); ${delivered} taken by their push service.`);
  } catch (error) {
    say(`The test failed: ${error.message}`);
  }
}

async function removeDevice(button) {
  try {
    await call('DELETE', `/api/v1/notifications/subscriptions/${button.dataset.pushRemove}`);
    button.closest('tr')?.remove();
    say('Removed.');
  } catch (error) {
    say(`Could not remove it: ${error.message}`);
  }
}

/** The notifications this device shows now, with their answers as buttons. */
async function listShown() {
  const list = page?.querySelector('[data-shown-notifications]');
  if (!list || !('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration('/');
  const shown = registration ? await registration.getNotifications() : [];
  if (shown.length === 0) return;
  list.replaceChildren(...shown.map((notification) => {
    const item = document.createElement('li');
    item.className = 'card';
    item.dataset.shownNotification = notification.tag;
    const title = document.createElement('strong');
    title.textContent = notification.title;
    const body = document.createElement('p');
    body.textContent = notification.body;
    item.append(title, body);
    const data = notification.data || {};
    if (data.action_token) {
      const row = document.createElement('div');
      row.className = 'button-row';
      for (const action of data.actions || []) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = action.title;
        button.addEventListener('click', () => registration.active?.postMessage({ type: 'notification-action', tag: notification.tag, action: action.action }));
        row.append(button);
      }
      item.append(row);
    }
    return item;
  }));
}

async function addChannel(form) {
  const data = Object.fromEntries(new FormData(form).entries());
  const body = { kind: data.kind, name: data.name || undefined };
  if (data.kind === 'telegram') {
    body.bot_token = data.token;
    body.chat_id = data.chat_id;
  } else {
    body.url = data.url;
    if (data.kind === 'ntfy' && data.token) body.token = data.token;
  }
  try {
    const created = await call('POST', '/api/v1/notifications/channels', body);
    say(created.secret ? `Added. Its signing secret (shown this once): ${created.secret}` : 'Added.');
    if (!created.secret) window.setTimeout(() => window.location.reload(), 800);
  } catch (error) {
    say(`Could not add it: ${error.message}`);
  }
}

async function testChannel(button) {
  try {
    const { outcome, detail } = await call('POST', `/api/v1/notifications/channels/${button.dataset.channelTest}/test`);
    say(outcome === 'delivered' ? 'The test was delivered.' : `The test failed: ${detail}`);
  } catch (error) {
    say(`The test failed: ${error.message}`);
  }
}

async function removeChannel(button) {
  try {
    await call('DELETE', `/api/v1/notifications/channels/${button.dataset.channelRemove}`);
    button.closest('tr')?.remove();
    say('Removed.');
  } catch (error) {
    say(`Could not remove it: ${error.message}`);
  }
}

/** Reads the rules form into the body PUT /api/v1/notifications/rules takes. */
function rulesBody(form) {
  const data = new FormData(form);
  const quiet = form.querySelector('[data-quiet]')?.checked;
  return {
    events: data.getAll('event'),
    projects: form.querySelector('[data-every-project]')?.checked ? null : data.getAll('project'),
    quiet_hours: quiet ? { start: data.get('quiet_start'), end: data.get('quiet_end'), time_zone: data.get('time_zone') || 'UTC' } : null,
    skip_when_focused: data.get('skip_when_focused') === 'on',
  };
}

async function saveRules(form) {
  try {
    await call('PUT', '/api/v1/notifications/rules', rulesBody(form));
    say('Rules saved.');
  } catch (error) {
    say(`Could not save the rules: ${error.message}`);
  }
}

function setUpRules(form) {
  const zone = form.querySelector('[data-time-zone]');
  // Quiet hours are kept in this browser's time zone unless set before from elsewhere.
  if (zone && !zone.value) zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const note = form.querySelector('[data-time-zone-note]');
  if (note && zone) note.textContent = `Times are in ${zone.value}.`;
  const every = form.querySelector('[data-every-project]');
  const choices = form.querySelector('[data-project-choices]');
  every?.addEventListener('change', () => { if (choices) choices.hidden = every.checked; });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveRules(form);
  });
}

if (page) {
  const rules = page.querySelector('[data-rules-form]');
  if (rules) setUpRules(rules);
  page.querySelector('[data-channel-form]')?.addEventListener('submit', (event) => {
    event.preventDefault();
    addChannel(event.target);
  });
  for (const button of page.querySelectorAll('[data-channel-test]')) button.addEventListener('click', () => testChannel(button));
  for (const button of page.querySelectorAll('[data-channel-remove]')) button.addEventListener('click', () => removeChannel(button));
  page.querySelector('[data-push-subscribe]')?.addEventListener('click', subscribe);
  page.querySelector('[data-push-test]')?.addEventListener('click', sendTest);
  for (const button of page.querySelectorAll('[data-push-remove]')) button.addEventListener('click', () => removeDevice(button));
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if (event.data?.type !== 'notification-action-result') return;
    say(event.data.status === 200 ? 'Answered.' : event.data.status === 409 ? 'That question was already answered or has changed.' : `Not answered (${event.data.status}).`);
    page.querySelector(`[data-shown-notification="${CSS.escape(event.data.tag)}"]`)?.remove();
  });
  listShown().catch(() => undefined);
}
