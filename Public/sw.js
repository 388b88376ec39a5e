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

const VERSION = 'v1';
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
  '/static/js/overview.js',
  '/static/js/project-new.js',
  '/static/js/project.js',
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
// Push notifications: `push` and `notificationclick` handlers go here (not implemented yet).
//
// self.addEventListener('push', (event) => { ... });
// self.addEventListener('notificationclick', (event) => { ... });
// ---------------------------------------------------------------------------------------------------------------
