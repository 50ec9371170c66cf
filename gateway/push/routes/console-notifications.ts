// The console's "Notifications" page and what its script posts (gateway/push/README.md §6): the
// session and CSRF checks of every console POST apply (gateway/middleware/console-session.ts).
// The service worker is served from /console/ with `Service-Worker-Allowed` so its scope covers
// the console (W3C Service Workers §4.4.3, "Service-Worker-Allowed").
import { readFileSync } from 'node:fs';
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import { parsePreferences } from '../../../store/push/preferences.js';
import { parseSubscription } from '../../../store/push/subscriptions.js';
import { PUSH_KINDS } from '../../../store/push/types.js';
import type { Form } from '../../console/form.js';
import { page, redirect, requireUser } from '../../console/routes/respond.js';
import type { ConsoleSection } from '../../console/routes/sections.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import { notificationsPage } from '../console-page.js';
import type { PushService } from '../service.js';
import { checkEndpoint } from '../endpoint-policy.js';

const PATH = '/console/notifications';

function preferencesOf(form: Form | null): unknown {
  const get = (name: string): string => form?.get(name) ?? '';
  const days = [0, 1, 2, 3, 4, 5, 6].filter((d) => get(`day_${d}`) === '1');
  return {
    kinds: Object.fromEntries(PUSH_KINDS.map((k) => [k, get(`kind_${k}`) === '1'])),
    schedule:
      get('schedule') === 'hours'
        ? { days, from: get('schedule_from'), to: get('schedule_to') }
        : null,
    quiet: get('quiet') === '1' ? { from: get('quiet_from'), to: get('quiet_to') } : null,
    idleMinutes: Number(get('idle')),
  };
}

export function pushConsoleRoutes(service: PushService): ConsoleSection {
  const worker = readFileSync(new URL('../../console/assets/push-sw.js', import.meta.url));
  return (router: Router<ConsoleCtxState>) => {
    router.get('/console/push-sw.js', (ctx) => {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.set('Service-Worker-Allowed', '/console/');
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = worker;
    });
    router.get(PATH, async (ctx) => {
      const { user } = requireUser(ctx);
      page(
        ctx,
        'Notifications',
        notificationsPage({
          publicKey: (await service.vapidKeys()).publicKey,
          subjectSet: (await service.push.vapid.subject()) !== null,
          devices: await service.push.subscriptions.listForUser(user.id),
          preferences: await service.push.preferences.get(user.id),
          timeZone: user.timeZone,
          csrf: ctx.state.console.csrfToken,
        }),
      );
    });
    router.post(`${PATH}/subscribe`, async (ctx) => {
      const { user } = requireUser(ctx);
      const form = ctx.state.form;
      const keys = parseSubscription({
        endpoint: form?.get('endpoint'),
        keys: { p256dh: form?.get('p256dh'), auth: form?.get('auth') },
      });
      checkEndpoint(service.plainHttpHosts, keys.endpoint);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ id: await service.push.subscriptions.add(user.id, keys) });
    });
    router.post(`${PATH}/devices/:id/remove`, async (ctx) => {
      const { user } = requireUser(ctx);
      const removed = await service.push.subscriptions.removeOwn(user.id, Number(ctx.params.id));
      redirect(ctx, PATH, {
        kind: removed ? 'ok' : 'error',
        text: removed ? 'The device was removed.' : 'No such device of yours.',
      });
    });
    router.post(`${PATH}/preferences`, async (ctx) => {
      const { user } = requireUser(ctx);
      try {
        await service.push.preferences.set(
          user.id,
          parsePreferences(preferencesOf(ctx.state.form)),
        );
      } catch (err) {
        if (!(err instanceof GatewayError) || err.kind !== 'invalid_input') throw err;
        return redirect(ctx, PATH, { kind: 'error', text: err.message });
      }
      redirect(ctx, PATH, { kind: 'ok', text: 'Your notification settings were saved.' });
    });
  };
}
