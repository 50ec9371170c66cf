// Fresh stores for tests: a new SQLite file in a temporary directory, or a new PostgreSQL
// database when the peer runs (see test/helpers/pg-database.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';

export interface TestStore {
  readonly store: Store;
  readonly admin: Actor;
  readonly dir: string | null;
  dispose(): Promise<void>;
}

export async function sqliteStore(): Promise<TestStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-store-'));
  const store = await openStore({
    kind: 'sqlite',
    file: path.join(dir, 'gateway.sqlite'),
    busyTimeoutMs: 5000,
  });
  const admin = await createAdmin(store);
  return {
    store,
    admin,
    dir,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function pgStore(url: string, drop: () => Promise<void>): Promise<TestStore> {
  const store = await openStore({ kind: 'pg', url, poolMax: 4 });
  const admin = await createAdmin(store);
  return {
    store,
    admin,
    dir: null,
    dispose: async () => {
      await store.close();
      await drop();
    },
  };
}

async function createAdmin(store: Store): Promise<Actor> {
  const user = await store.users.create({
    userName: 'admin',
    password: 'admin-password-1',
    isAdmin: true,
  });
  return { userId: user.id, isAdmin: true, groupIds: [] };
}
