// vdirsyncer and khard (Debian) against the running gateway: vdirsyncer discovers the address
// books (RFC 6764 well-known, RFC 6352 §7.1.1 home set) and syncs My contacts two ways with a local
// directory — create, edit and delete on both sides — then khard lists the local cards.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { requirePeer } from '../../helpers/peers.js';

const run = promisify(execFile);

async function has(cmd: string): Promise<boolean> {
  try {
    await run(cmd, ['--version'], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const card = (uid: string, name: string, email: string): string =>
  [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:${uid}`,
    `N:${name};Local;;;`,
    `FN:Local ${name}`,
    `EMAIL;TYPE=INTERNET:${email}`,
    'END:VCARD',
    '',
  ].join('\r\n');

test('vdirsyncer syncs My contacts two ways (create, edit, delete) and khard lists the cards', async (t) => {
  if (!requirePeer('vdirsyncer', await has('vdirsyncer'), t)) return;
  if (!requirePeer('khard', await has('khard'), t)) return;
  const gw = await startTestGateway({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
  const dir = await mkdtemp(join(tmpdir(), 'carddav-vdir-'));
  try {
    const local = join(dir, 'cards', 'contacts');
    await mkdir(local, { recursive: true });
    const config = join(dir, 'vdirsyncer.conf');
    await writeFile(
      config,
      [
        '[general]',
        `status_path = "${join(dir, 'status')}/"`,
        '[pair crm]',
        'a = "local"',
        'b = "gateway"',
        'collections = ["contacts"]',
        '[storage local]',
        'type = "filesystem"',
        `path = "${join(dir, 'cards')}/"`,
        'fileext = ".vcf"',
        '[storage gateway]',
        'type = "carddav"',
        `url = "${gw.url}/"`,
        'username = "admin"',
        `password = "${ADMIN_PASSWORD}"`,
        '',
      ].join('\n'),
    );
    const env = { ...process.env, VDIRSYNCER_CONFIG: config, HOME: dir };
    const vdir = async (...args: string[]): Promise<string> =>
      (await run('vdirsyncer', args, { env, timeout: 60_000 })).stdout;
    const admin = await gw.store.users.actor(1);
    if (!admin) return t.fail('no admin');
    const crmMade = await gw.store.records.create(admin, 'Contacts', {
      values: { firstname: 'Crm', lastname: 'Made', email: 'crm@example.org' },
    });
    await writeFile(join(local, 'local-1.vcf'), card('local-1', 'Person', 'local@example.org'));

    await vdir('discover');
    await vdir('sync');
    const contacts = gw.store.db.knex('mod_contacts');
    t.truthy(
      await contacts.clone().where({ email: 'local@example.org' }).first(),
      'local card reached the CRM',
    );
    const files = async (): Promise<string[]> => (await readdir(local)).sort();
    const texts = async (): Promise<string> =>
      (await Promise.all((await files()).map((f) => readFile(join(local, f), 'utf8')))).join('\n');
    t.regex(await texts(), /FN:Crm Made/, 'the CRM contact reached the directory');

    // Edits on both sides.
    await writeFile(join(local, 'local-1.vcf'), card('local-1', 'Person', 'edited@example.org'));
    await gw.store.records.update(
      admin,
      'Contacts',
      crmMade.id,
      { values: { title: 'Buyer' } },
      'revise',
    );
    await vdir('sync');
    t.truthy(
      await contacts.clone().where({ email: 'edited@example.org' }).first(),
      'the local edit reached the CRM',
    );
    t.regex(await texts(), /TITLE:Buyer/, 'the CRM edit reached the directory');

    // Deletes on both sides.
    const crmFile = (await files()).find((f) => f !== 'local-1.vcf');
    if (!crmFile) return t.fail('no file for the CRM contact');
    await unlink(join(local, crmFile));
    const localId = (await contacts.clone().where({ email: 'edited@example.org' }).first()).id;
    await gw.store.recycleBin.delete(admin, 'Contacts', Number(localId));
    await gw.store.records.create(admin, 'Contacts', {
      values: { firstname: 'Kept', lastname: 'One' },
    });
    await vdir('sync');
    const deleted = await gw.store.db.knex('crm_entities').where({ id: crmMade.id }).first();
    t.truthy(deleted?.deleted, 'the local delete moved the contact to the recycle bin');
    t.false((await files()).includes('local-1.vcf'), 'the CRM delete removed the local card');
    t.is((await files()).length, 1);

    await writeFile(
      join(dir, 'khard.conf'),
      [
        '[addressbooks]',
        '[[crm]]',
        `path = ${local}/`,
        '[general]',
        'editor = /bin/true',
        'merge_editor = /bin/true',
        '',
      ].join('\n'),
    );
    const listed = (
      await run('khard', ['-c', join(dir, 'khard.conf'), 'list', '--parsable'], {
        env,
        timeout: 30_000,
      })
    ).stdout;
    t.regex(listed, /Kept One|One, Kept/);
    t.notRegex(listed, /Crm Made|Local Person/);
  } finally {
    await gw.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
