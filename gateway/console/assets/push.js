// The console's "Notifications" page (gateway/push/README.md §6): registers the service worker
// and subscribes this browser with the gateway's VAPID key (W3C Push API §3.2, RFC 8292 §3.2),
// then hands the PushSubscription to the gateway with the page's CSRF token.
const root = document.getElementById('push-device');
const status = document.getElementById('push-status');
const button = document.getElementById('push-enable');

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

async function subscribe() {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    status.textContent = 'Notifications are blocked for this site in the browser settings.';
    return;
  }
  const registration = await navigator.serviceWorker.register('/console/push-sw.js', {
    scope: '/console/',
  });
  await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(root.dataset.key),
  });
  const json = subscription.toJSON();
  const body = new URLSearchParams({
    _csrf: root.dataset.csrf,
    endpoint: json.endpoint,
    p256dh: json.keys.p256dh,
    auth: json.keys.auth,
  });
  const res = await fetch('/console/notifications/subscribe', {
    method: 'POST',
    body,
    credentials: 'same-origin',
  });
  if (!res.ok) throw new Error(`the gateway answered ${res.status}`);
  status.textContent = 'This device gets notifications.';
  status.dataset.state = 'subscribed';
}

if (root && status && button) {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    status.textContent = 'This browser cannot receive push notifications.';
    button.disabled = true;
  } else {
    status.textContent = 'Turn notifications on to get them on this device.';
    button.addEventListener('click', () => {
      subscribe().catch((err) => {
        status.textContent = `Could not turn notifications on: ${err.message}`;
        status.dataset.state = 'failed';
      });
    });
  }
}
