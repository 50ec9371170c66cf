// `push subject` and `push status`: the VAPID subject Web Push needs before it sends anything
// (RFC 8292 §2.1; gateway/push/README.md §1), and what the outbox holds.
import { accessKeyBox } from '../../gateway/access-key-box.js';
import webpush from 'web-push';
import { GatewayError } from '../../store/errors.js';
import { createPushStore } from '../../store/push/push-store.js';
import { parseVapidSubject } from '../../store/push/vapid.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

export const PUSH_COMMANDS: readonly Command[] = [
  {
    noun: 'push',
    verb: 'subject',
    usage: 'push subject [--set mailto:ops@example.org|https://crm.example.org/]',
    run: async (args, { config }) => {
      const f = flags(args, { set: { type: 'string' } }, []);
      const value = str(f, 'set');
      if (value !== undefined) {
        try {
          parseVapidSubject(value);
        } catch (err) {
          if (err instanceof GatewayError) throw new UsageError(err.message);
          throw err;
        }
      }
      return withStore(config, async (store) => {
        const push = createPushStore(store.db.knex, accessKeyBox(config));
        const subject =
          value !== undefined ? await push.vapid.setSubject(value) : await push.vapid.subject();
        const { publicKey } = await push.vapid.keys(() => webpush.generateVAPIDKeys());
        return { subject, publicKey };
      });
    },
  },
  {
    noun: 'push',
    verb: 'status',
    usage: 'push status',
    run: async (_args, { config }) =>
      withStore(config, async (store) => {
        const push = createPushStore(store.db.knex, accessKeyBox(config));
        const queued = await push.outbox.all();
        return {
          subject: await push.vapid.subject(),
          queued: queued.length,
          failing: queued.filter((m) => m.attempts > 0).length,
        };
      }),
  },
];
