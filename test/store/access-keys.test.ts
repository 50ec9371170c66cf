// Access keys sealed at rest (store/users/access-keys.ts) on SQLite and PostgreSQL: the row holds
// neither the key nor anything that opens without the secret key, reads give it back in clear
// (the vtiger login needs it so), and keys written in clear are sealed by sealAccessKeys.
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../store/secrets.js';
import { UserRepository } from '../../store/users/user-repository.js';
import { storeTest } from '../helpers/databases.js';

const KEY = 'kimAccessKey012345';

interface Row {
  id: number;
  access_key: string;
  access_key_sealed: string | null;
}

storeTest('a key is sealed when written and opened when read', async (t, ts) => {
  const { knex } = ts.store.db;
  const users = new UserRepository(knex, new SecretBox(randomBytes(32)));
  const kim = await users.create({ userName: 'kim', password: 'kim-password-1', accessKey: KEY });
  t.is(kim.accessKey, KEY);
  const row = await knex<Row>('users').where({ id: kim.id }).first();
  t.regex(row?.access_key ?? '', /^sealed:[0-9a-f]{32}$/);
  t.false(JSON.stringify(row).includes(KEY), 'the key is nowhere in the row');
  t.is((await users.findByUserName('kim'))?.accessKey, KEY);
  const fresh = await users.regenerateAccessKey(kim.id);
  t.false(JSON.stringify(await knex<Row>('users').where({ id: kim.id }).first()).includes(fresh));
  t.is((await users.findById(kim.id))?.accessKey, fresh);
  t.is(
    (await new UserRepository(knex).findById(kim.id))?.accessKey,
    '',
    'without the secret key a sealed key opens to nothing',
  );
  await t.throwsAsync(new UserRepository(knex, new SecretBox(randomBytes(32))).findById(kim.id), {
    message: /secret key/,
  });
});

storeTest('keys written in clear are sealed by sealAccessKeys, once', async (t, ts) => {
  const { knex } = ts.store.db;
  const plain = new UserRepository(knex);
  const kim = await plain.create({ userName: 'kim', password: 'kim-password-1', accessKey: KEY });
  t.is((await knex<Row>('users').where({ id: kim.id }).first())?.access_key, KEY);
  const sealed = new UserRepository(knex, new SecretBox(randomBytes(32)));
  const before = await knex('users').count<{ n: number | string }[]>({ n: '*' });
  t.is(await sealed.sealAccessKeys(), Number(before[0]?.n));
  t.is(await sealed.sealAccessKeys(), 0);
  t.false(JSON.stringify(await knex<Row>('users').where({ id: kim.id }).first()).includes(KEY));
  t.is((await sealed.findByUserName('kim'))?.accessKey, KEY);
});
