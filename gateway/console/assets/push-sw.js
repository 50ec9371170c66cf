// The console's service worker (gateway/push/README.md §6): shows each push as a notification
// (W3C Push API §11 "push" event, Notifications API showNotification). The payload is the JSON
// of gateway/push/payload.ts; `tag` lets a newer notice about a record replace the shown one.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : '' };
  }
  const options = { body: data.body || '', data: { url: data.url || null } };
  if (data.tag) options.tag = data.tag;
  event.waitUntil(self.registration.showNotification(data.title || 'CRM notification', options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url;
  if (typeof url === 'string' && url.startsWith('/')) event.waitUntil(self.clients.openWindow(url));
});
