// `currency set|list` and `tax set|list`: the currencies and tax rates the console page
// "Currencies & taxes" manages (gateway/currencies/README.md), printed as JSON like `user list`.
import { adminActor } from '../../gateway/currencies/cli-actor.js';
import { listCurrencies, setCurrency } from '../../gateway/currencies/currencies.js';
import { listTaxes, setTax } from '../../gateway/currencies/taxes.js';
import { parseOnOff, parseRate } from '../../gateway/currencies/values.js';
import { GatewayError } from '../../store/errors.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

/** Bad flag values are usage errors (exit code 2), before the store is opened. */
function checked<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof GatewayError) throw new UsageError(err.message);
    throw err;
  }
}

export const CURRENCY_COMMANDS: readonly Command[] = [
  {
    noun: 'currency',
    verb: 'set',
    usage:
      'currency set --code RUB [--name "Russian ruble"] [--symbol ₽] --rate 1 --active true|false [--base]',
    run: async (args, { config }) => {
      const f = flags(
        args,
        {
          code: { type: 'string' },
          name: { type: 'string' },
          symbol: { type: 'string' },
          rate: { type: 'string' },
          active: { type: 'string' },
          base: { type: 'boolean' },
        },
        ['code', 'rate', 'active'],
      );
      const rate = checked(() => parseRate('--rate', str(f, 'rate') as string, 0.000001, 1e9));
      const active = checked(() => parseOnOff('--active', str(f, 'active') as string));
      const name = str(f, 'name');
      const symbol = str(f, 'symbol');
      return withStore(config, async (store) =>
        setCurrency(store, await adminActor(store), {
          code: str(f, 'code') as string,
          rate,
          active,
          ...(name !== undefined ? { name } : {}),
          ...(symbol !== undefined ? { symbol } : {}),
          ...(f.base === true ? { base: true } : {}),
        }),
      );
    },
  },
  {
    noun: 'currency',
    verb: 'list',
    usage: 'currency list',
    run: async (args, { config }) => {
      flags(args, {});
      return withStore(config, async (store) => listCurrencies(store, await adminActor(store)));
    },
  },
  {
    noun: 'tax',
    verb: 'set',
    usage: 'tax set --name VAT --rate 20 [--active true|false]',
    run: async (args, { config }) => {
      const f = flags(
        args,
        { name: { type: 'string' }, rate: { type: 'string' }, active: { type: 'string' } },
        ['name', 'rate'],
      );
      const rate = checked(() => parseRate('--rate', str(f, 'rate') as string, 0, 100));
      const activeText = str(f, 'active');
      const active =
        activeText === undefined ? undefined : checked(() => parseOnOff('--active', activeText));
      return withStore(config, async (store) =>
        setTax(store, await adminActor(store), {
          name: str(f, 'name') as string,
          rate,
          ...(active !== undefined ? { active } : {}),
        }),
      );
    },
  },
  {
    noun: 'tax',
    verb: 'list',
    usage: 'tax list',
    run: async (args, { config }) => {
      flags(args, {});
      return withStore(config, async (store) => listTaxes(store, await adminActor(store)));
    },
  },
];
