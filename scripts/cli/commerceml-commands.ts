// `commerceml show|set|log`: the CommerceML exchange settings and its exchange log from
// the command line, as the console page shows them.
import { readCmlSettings, writeCmlSettings } from '../../gateway/commerceml/settings.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

function onOff(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'on') return true;
  if (value === 'false' || value === 'off') return false;
  throw new UsageError(`--enabled: expected true or false, got "${value}"`);
}

export const COMMERCEML_COMMANDS: readonly Command[] = [
  {
    noun: 'commerceml',
    verb: 'show',
    usage: 'commerceml show   (exchange on/off, query encoding, order status mapping)',
    run: (_args, { config }) => withStore(config, (store) => readCmlSettings(store)),
  },
  {
    noun: 'commerceml',
    verb: 'set',
    usage:
      'commerceml set [--enabled true|false] [--encoding utf-8|windows-1251] [--not-posted S] [--posted S] [--paid S] [--cancelled S]',
    run: async (args, { config }) => {
      const f = flags(args, {
        enabled: { type: 'string' },
        encoding: { type: 'string' },
        'not-posted': { type: 'string' },
        posted: { type: 'string' },
        paid: { type: 'string' },
        cancelled: { type: 'string' },
      });
      const statuses: Record<string, string> = {};
      for (const state of ['not-posted', 'posted', 'paid', 'cancelled']) {
        const v = str(f, state);
        if (v !== undefined) statuses[state] = v;
      }
      const enabled = onOff(str(f, 'enabled'));
      const encoding = str(f, 'encoding');
      return withStore(config, (store) =>
        writeCmlSettings(store, {
          ...(enabled !== undefined ? { enabled } : {}),
          ...(encoding !== undefined ? { encoding } : {}),
          statuses,
        }),
      );
    },
  },
  {
    noun: 'commerceml',
    verb: 'log',
    usage: 'commerceml log [--limit N]   (the latest 1C exchanges)',
    run: async (args, { config }) => {
      const f = flags(args, { limit: { type: 'string' } });
      const limit = Number(str(f, 'limit') ?? '20');
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError('--limit: expected 1..1000');
      return withStore(config, (store) => store.exchangeLog.list({ system: '1c', limit }));
    },
  },
];
