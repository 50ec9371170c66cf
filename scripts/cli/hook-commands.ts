// `hook create|list|delete|redeliver|dead-letters|schedule` (gateway/hooks/README.md §4): REST hook
// subscriptions from the command line, acting as the named user as /restapi/v1/hooks would (an
// admin sees and manages every subscription). The secret is printed once, by create.
import type { GatewayConfig } from '../../gateway/config.js';
import { deliveryJson, subscriptionJson } from '../../gateway/hooks/present.js';
import { saveSchedule } from '../../gateway/hooks/retry-schedule.js';
import { HookService, type HookCaller } from '../../gateway/hooks/service.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

async function callerOf(store: Store, userName: string | undefined): Promise<HookCaller> {
  const name = userName ?? 'admin';
  const user = await store.users.findByUserName(name);
  const actor = user ? await store.users.actor(user.id) : null;
  if (!user || !actor) throw new GatewayError('not_found', `User ${name} does not exist`);
  return { userId: user.id, actor };
}

function wholeNumber(value: string | undefined, flag: string): number {
  if (value === undefined || !/^\d{1,12}$/.test(value))
    throw new UsageError(`--${flag}: expected a whole number`);
  return Number(value);
}

function withHooks<T>(
  config: GatewayConfig,
  fn: (hooks: HookService, store: Store) => Promise<T>,
): Promise<T> {
  return withStore(config, (store) => fn(new HookService(store, config), store));
}

export const HOOK_COMMANDS: readonly Command[] = [
  {
    noun: 'hook',
    verb: 'create',
    usage:
      'hook create --url URL --event created|updated|deleted|restored --module M [--filter VTQL] [--user U]',
    run: async (args, { config }) => {
      const f = flags(
        args,
        {
          url: { type: 'string' },
          event: { type: 'string' },
          module: { type: 'string' },
          filter: { type: 'string' },
          user: { type: 'string' },
        },
        ['url', 'event', 'module'],
      );
      return withHooks(config, async (hooks, store) => {
        const { subscription, secret } = await hooks.subscribe(
          await callerOf(store, str(f, 'user')),
          {
            target_url: str(f, 'url'),
            event: str(f, 'event'),
            module: str(f, 'module'),
            filter: str(f, 'filter') ?? null,
          },
        );
        return { ...subscriptionJson(subscription), secret };
      });
    },
  },
  {
    noun: 'hook',
    verb: 'list',
    usage: "hook list [--user U]   (an admin's list is every subscription)",
    run: async (args, { config }) => {
      const f = flags(args, { user: { type: 'string' } });
      return withHooks(config, async (hooks, store) =>
        (await hooks.list(await callerOf(store, str(f, 'user')))).map(subscriptionJson),
      );
    },
  },
  {
    noun: 'hook',
    verb: 'delete',
    usage: 'hook delete --id N [--user U]',
    run: async (args, { config }) => {
      const f = flags(args, { id: { type: 'string' }, user: { type: 'string' } }, ['id']);
      const id = wholeNumber(str(f, 'id'), 'id');
      return withHooks(config, async (hooks, store) => {
        await hooks.unsubscribe(await callerOf(store, str(f, 'user')), id);
        return { deleted: id };
      });
    },
  },
  {
    noun: 'hook',
    verb: 'dead-letters',
    usage: 'hook dead-letters [--user U]   (deliveries that ran out of retries)',
    run: async (args, { config }) => {
      const f = flags(args, { user: { type: 'string' } });
      return withHooks(config, async (hooks, store) =>
        (await hooks.deadLetters(await callerOf(store, str(f, 'user')))).map(deliveryJson),
      );
    },
  },
  {
    noun: 'hook',
    verb: 'redeliver',
    usage: 'hook redeliver --id N [--user U]   (a dead letter goes back in the queue)',
    run: async (args, { config }) => {
      const f = flags(args, { id: { type: 'string' }, user: { type: 'string' } }, ['id']);
      const id = wholeNumber(str(f, 'id'), 'id');
      return withHooks(config, async (hooks, store) => {
        await hooks.redeliver(await callerOf(store, str(f, 'user')), id);
        return { queued: id };
      });
    },
  },
  {
    noun: 'hook',
    verb: 'schedule',
    usage: "hook schedule --delays '5s, 30s, 2m, 10m, 1h' --for 3d   (retry schedule setting)",
    run: async (args, { config }) => {
      const f = flags(args, { delays: { type: 'string' }, for: { type: 'string' } }, [
        'delays',
        'for',
      ]);
      return withStore(config, async (store) => {
        const s = await saveSchedule(store.settings, str(f, 'delays') ?? '', str(f, 'for') ?? '');
        return { delaysMs: s.delaysMs, windowMs: s.windowMs };
      });
    },
  },
];
