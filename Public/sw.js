// The dashboard's service worker, served from the root (/sw.js) so its scope is the whole site.
//
// What it does, and only this:
//   - install: caches the app shell (stylesheet, scripts, icons, the offline page);
//   - activate: deletes the shell caches of older versions and takes control of open pages;
//   - fetch: pages come from the network, and the offline page stands in when the network fails; /static/ files come
//     from the cache at once and are refreshed from the network in the background.
// Pages themselves are never cached (they carry the signed-in user's data and a CSRF token), and neither is anything
// under /api/, /auth/ or /ws/, nor any request other than GET.
//
// Bump VERSION whenever the shell changes in a way an old cached copy must not outlive (a renamed or removed file, a
// script that needs the new pages): the new worker installs a fresh cache and the old one is deleted on activation.

const VERSION = 'v8';
const CACHE_PREFIX = 'orchestrator-shell-';
const CACHE = `${CACHE_PREFIX}${VERSION}`;
const OFFLINE_PAGE = '/static/offline.html';

const SHELL = [
  OFFLINE_PAGE,
  '/static/css/app.css',
  '/static/js/agent.js',
  '/static/js/app.js',
  '/static/js/batch.js',
  '/static/js/insights.js',
  '/static/js/live.js',
  '/static/js/messages.js',
  '/static/js/notifications.js',
  '/static/js/overview.js',
  '/static/js/project-new.js',
  '/static/js/project.js',
  '/static/js/review.js',
  '/static/js/rules.js',
  '/static/js/terminal.js',
  '/static/js/usage.js',
  '/static/js/system.js',
  '/static/img/favicon.svg',
  '/static/img/apple-touch-icon.png',
  '/static/img/icon-192.png',
  '/static/img/icon-512.png',
  '/static/img/icon-maskable-192.png',
  '/static/img/icon-maskable-512.png',
];

/** Paths whose answers are never cached nor answered by this worker: the API, sign-in and live streams. */
const NEVER_CACHED = ['/api/', '/auth/', '/ws/'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload` skips the HTTP cache, so the shell is what the server serves now.
    await cache.addAll(SHELL.map((path) => new Request(path, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER_CACHED.some((prefix) => url.pathname.startsWith(prefix))) return;

  if (request.mode === 'navigate') {
    event.respondWith(networkFirstPage(request));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(cacheFirstStatic(event, request));
  }
  // Anything else (the manifest, this worker, /metrics, /docs' files) goes to the network as if no worker were here.
});

/** A page: always from the network; the offline page when the network cannot be reached. */
async function networkFirstPage(request) {
  try {
    return await fetch(request);
  } catch {
    const offline = await caches.match(OFFLINE_PAGE, { cacheName: CACHE });
    return offline ?? Response.error();
  }
}

/** A static file: the cached copy at once, refreshed in the background; the network when it is not cached yet. */
async function cacheFirstStatic(event, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const refresh = fetch(request).then(async (response) => {
    if (response.status === 200 && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    // Offline (or the server away) the cached copy is all there is: the failed refresh is not an error.
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}

// ---------------------------------------------------------------------------------------------------------------
// Push notifications. A push carries JSON: {title, body, url, tag, event, project_id, agent_id, question?,
// actions?: [{action, title}], action_token?}. A question's notification shows its first answers as buttons; a tap on
// one answers the agent through POST /api/v1/notifications/actions with the single-use token (signed-in cookies go
// with it); a tap elsewhere, or an answer the server refuses (answered meanwhile, another question), opens the page.
// ---------------------------------------------------------------------------------------------------------------

self.addEventListener('push', (event) => {
  let message;
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { title: 'Tmux Orchestrator', body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(show(message));
});

/** Shows `message`; a newer one with the same tag (the same agent) replaces the older. */
function show(message) {
  return self.registration.showNotification(message.title || 'Tmux Orchestrator', {
    body: message.body || '',
    tag: message.tag || undefined,
    renotify: Boolean(message.tag),
    requireInteraction: message.event === 'agent_waiting',
    icon: '/static/img/icon-192.png',
    badge: '/static/img/icon-192.png',
    data: message,
    actions: (message.actions || []).slice(0, 2).map((item) => ({ action: item.action, title: item.title })),
  });
}

self.addEventListener('notificationclick', (event) => {
  const message = event.notification.data || {};
  event.notification.close();
  event.waitUntil(event.action && message.action_token ? answer(message, event.action, true) : openPage(message.url));
});

/**
 * Answers the agent with the notification's token; after a tap, opens its page when the server refuses (a window may
 * be opened from a tap only). Returns the server's status (0 when it could not be reached).
 */
async function answer(message, action, openOnRefusal) {
  let status = 0;
  try {
    const response = await fetch('/api/v1/notifications/actions', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: message.action_token, action }),
    });
    status = response.status;
  } catch {
    status = 0;
  }
  if (status !== 200 && openOnRefusal) await openPage(message.url).catch(() => undefined);
  return status;
}

/** Focuses a tab already showing `url`, or opens one. */
async function openPage(url) {
  const target = new URL(url || '/', self.location.origin).href;
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = tabs.find((tab) => tab.url === target);
  if (open) return open.focus();
  return self.clients.openWindow(target);
}

// The notifications page's "Answer as if tapped" for a notification on screen: the page asks, the worker answers
// exactly as a tap on that button would, and reports the server's status back.
self.addEventListener('message', (event) => {
  const request = event.data || {};
  if (request.type !== 'notification-action') return;
  event.waitUntil((async () => {
    const shown = await self.registration.getNotifications({ tag: request.tag });
    const notification = shown.find((item) => (item.data || {}).action_token);
    const status = notification ? await answer(notification.data, request.action, false) : 404;
    if (notification && status === 200) notification.close();
    event.source?.postMessage({ type: 'notification-action-result', tag: request.tag, status });
  })());
});
