// ORG ⇄ the contact's account (sync/providers/carddav/README.md "Field mapping"): a contact with
// an account goes out with ORG naming it; a remote card's ORG links the contact to the Account of
// that name (case-insensitive, no second one) or, when none exists, to a new Account.
import test from 'ava';
import { getModule } from '../../../store/modules/registry.js';
import type { CardWorld } from './fixture.js';
import {
  cardWorld,
  contactsOf,
  janeActor,
  linkBook,
  newContact,
  radicale,
  readContact,
  remote,
  stopRadicale,
  vcard,
} from './fixture.js';

test.after.always(stopRadicale);

async function accountsOf(w: CardWorld): Promise<Array<{ id: number; name: string }>> {
  const actor = { userId: w.userId, isAdmin: true, groupIds: [] };
  const list = await w.ts.store.records.list(actor, 'Accounts', { limit: 100 });
  return list.map((r) => ({ id: r.id, name: r.values['accountname'] ?? '' }));
}

async function newAccount(w: CardWorld, name: string): Promise<number> {
  const r = await w.ts.store.records.create(janeActor(w), 'Accounts', {
    values: { accountname: name },
  });
  return r.id;
}

test('a contact with an account goes out with ORG, and a move to another account follows', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'org-out');
  try {
    const acme = await newAccount(w, 'Acme Tools');
    const c = await newContact(w, {
      firstname: 'Ann',
      lastname: 'Org',
      email: 'ann@acme.test',
      account_id: String(acme),
    });
    const link = await linkBook(w, rad);
    const out = await w.bridge.syncNow(link.id);
    t.true(out.ok, out.error ?? '');
    t.is(out.counts.pushedCreated, 1);
    const [href] = await remote.list(w.book);
    t.truthy(href);
    t.regex((await remote.get(href ?? '')).body, /\r\nORG:Acme Tools(;)?\r\n/);
    // Moving the contact to another account is a CRM change of ORG.
    const beta = await newAccount(w, 'Beta Works');
    await w.ts.store.records.update(
      janeActor(w),
      'Contacts',
      c.id,
      { values: { account_id: String(beta) } },
      'revise',
    );
    const again = await w.bridge.syncNow(link.id);
    t.true(again.ok, again.error ?? '');
    t.is(again.counts.pushedUpdated, 1);
    t.regex((await remote.get(href ?? '')).body, /\r\nORG:Beta Works(;)?\r\n/);
    t.is((await readContact(w, c.id))?.values['account_id'], String(beta));
  } finally {
    await w.dispose();
  }
});

test('a remote ORG links an existing account or a new one, never a duplicate', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'org-in');
  try {
    const acme = await newAccount(w, 'Acme Tools');
    await remote.put(
      `${w.book}known.vcf`,
      vcard('known', ['FN:Kim Known', 'N:Known;Kim;;;', 'ORG:acme tools;Sales']),
    );
    await remote.put(
      `${w.book}fresh1.vcf`,
      vcard('fresh1', ['FN:Fay First', 'N:First;Fay;;;', 'ORG:Gamma Ltd']),
    );
    await remote.put(
      `${w.book}fresh2.vcf`,
      vcard('fresh2', ['FN:Sam Second', 'N:Second;Sam;;;', 'ORG:Gamma Ltd']),
    );
    const link = await linkBook(w, rad, 'from-remote');
    const out = await w.bridge.syncNow(link.id);
    t.true(out.ok, out.error ?? '');
    t.is(out.counts.pulledCreated, 3);
    const accounts = await accountsOf(w);
    t.deepEqual(accounts.map((a) => a.name).sort(), ['Acme Tools', 'Gamma Ltd']);
    const gamma = accounts.find((a) => a.name === 'Gamma Ltd');
    const byName = new Map((await contactsOf(w)).map((c) => [c.values['lastname'], c]));
    t.is(byName.get('Known')?.values['account_id'], String(acme));
    t.is(byName.get('First')?.values['account_id'], String(gamma?.id));
    t.is(byName.get('Second')?.values['account_id'], String(gamma?.id));
    const made = await w.ts.store.records.read(getModule('Accounts'), gamma?.id ?? 0);
    t.is(made?.owner.id, w.userId, 'the new account belongs to the link owner');
    // The remote moves Kim to Gamma: the contact follows, still no new account.
    await remote.put(
      `${w.book}known.vcf`,
      vcard('known', ['FN:Kim Known', 'N:Known;Kim;;;', 'ORG:Gamma Ltd']),
    );
    const again = await w.bridge.syncNow(link.id);
    t.true(again.ok, again.error ?? '');
    t.is(again.counts.pulledUpdated, 1);
    t.is(byName.size, 3);
    const kim = await readContact(w, byName.get('Known')?.id ?? 0);
    t.is(kim?.values['account_id'], String(gamma?.id));
    t.is((await accountsOf(w)).length, 2);
  } finally {
    await w.dispose();
  }
});
