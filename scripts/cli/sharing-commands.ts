// `sharing set|list`: each module's organization-wide sharing (store/visibility.ts; README.md
// "### Roles and profiles"): public_rw (everyone reads and edits), public_ro (everyone reads,
// owners edit) or private (owners, their groups, their superiors and admins).
import { entityModules, findModule } from '../../store/modules/registry.js';
import { isSharingAccess, SHARING_ACCESS } from '../../store/visibility.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

export const SHARING_COMMANDS: readonly Command[] = [
  {
    noun: 'sharing',
    verb: 'set',
    usage: `sharing set --module M --access ${SHARING_ACCESS.join('|')}`,
    run: async (args, { config }) => {
      const f = flags(args, { module: { type: 'string' }, access: { type: 'string' } }, [
        'module',
        'access',
      ]);
      const module = str(f, 'module') as string;
      const access = str(f, 'access') as string;
      if (findModule(module)?.kind !== 'entity')
        throw new UsageError(`--module must name a record module, not ${module}`);
      if (!isSharingAccess(access))
        throw new UsageError(`--access must be one of ${SHARING_ACCESS.join(', ')}`);
      return withStore(config, async (store) => {
        await store.sharing.set(module, access);
        return { module, access };
      });
    },
  },
  {
    noun: 'sharing',
    verb: 'list',
    usage: 'sharing list',
    run: async (args, { config }) => {
      flags(args, {});
      return withStore(config, async (store) => {
        const set = await store.sharing.list();
        return entityModules().map((m) => ({ module: m.name, access: set[m.name] ?? 'public_rw' }));
      });
    },
  },
];
