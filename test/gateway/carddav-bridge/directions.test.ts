// Later changes under each direction setting: both ways, CRM → remote only (remote edits and new
// cards never reach the CRM), remote → CRM only (CRM edits never reach the remote).
import test from 'ava';
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

/** A linked world after its first sync with one contact on both sides: its card's href. */
async function synced(w: CardWorld, direction: string, rad: { url: string }) {
  const c = await newContact(w, { firstname: 'Eve', lastname: 'Old', email: 'eve@x.test' });
  await remote.put(
    `${w.book}eve.vcf`,
    vcard('eve-remote', ['FN:Eve Old', 'N:Old;Eve;;;', 'EMAIL:eve@x.test']),
  );
  const link = await linkBook(w, rad as never, direction);
  const first = await w.bridge.syncNow(link.id);
  if (!first.ok) throw new Error(first.error ?? 'first sync failed');
  return { link, contact: c, href: `${w.book}eve.vcf` };
}

async function editCrm(w: CardWorld, id: number, title: string): Promise<void> {
  await w.ts.store.records.update(janeActor(w), 'Contacts', id, { values: { title } }, 'revise');
}

const remoteEdit = (href: string, title: string) =>
  remote.put(
    href,
    vcard('eve-remote', ['FN:Eve Old', 'N:Old;Eve;;;', 'EMAIL:eve@x.test', `TITLE:${title}`]),
  );

test('both: a CRM edit reaches the remote and a remote edit and card reach the CRM', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'dir-both');
  try {
    const { link, contact, href } = await synced(w, 'both', rad);
    await editCrm(w, contact.id, 'Chief');
    const out = await w.bridge.syncNow(link.id);
    t.true(out.ok, out.error ?? '');
    t.is(out.counts.pushedUpdated, 1);
    t.regex((await remote.get(href)).body, /TITLE:Chief/);
    await remoteEdit(href, 'Remote boss');
    await remote.put(`${w.book}new.vcf`, vcard('new-remote', ['FN:Neu Card', 'N:Card;Neu;;;']));
    const back = await w.bridge.syncNow(link.id);
    t.true(back.ok, back.error ?? '');
    t.is((await readContact(w, contact.id))?.values['title'], 'Remote boss');
    t.is((await contactsOf(w)).length, 2);
  } finally {
    await w.dispose();
  }
});

test('to-remote: CRM edits go out; remote edits and new cards stay out of the CRM', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'dir-to');
  try {
    await remote.put(`${w.book}other.vcf`, vcard('other', ['FN:Only Remote', 'N:Remote;Only;;;']));
    const { link, contact, href } = await synced(w, 'to-remote', rad);
    t.is((await contactsOf(w)).length, 1, 'the remote-only card did not become a contact');
    t.is((await remote.list(w.book)).length, 2, 'the matched card was not duplicated');
    await editCrm(w, contact.id, 'Pushed');
    const out = await w.bridge.syncNow(link.id);
    t.true(out.ok, out.error ?? '');
    t.regex((await remote.get(href)).body, /TITLE:Pushed/);
    await remoteEdit(href, 'Ignored');
    await remote.put(`${w.book}late.vcf`, vcard('late', ['FN:Late Card', 'N:Card;Late;;;']));
    const again = await w.bridge.syncNow(link.id);
    t.true(again.ok, again.error ?? '');
    t.is((await readContact(w, contact.id))?.values['title'], 'Pushed');
    t.is((await contactsOf(w)).length, 1);
  } finally {
    await w.dispose();
  }
});

test('from-remote: remote edits and cards come in; CRM edits stay in the CRM', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'dir-from');
  try {
    const crmOnly = await newContact(w, { firstname: 'Kept', lastname: 'Home' });
    const { link, contact, href } = await synced(w, 'from-remote', rad);
    t.is((await remote.list(w.book)).length, 1, 'no CRM contact was pushed');
    await editCrm(w, contact.id, 'Local only');
    await editCrm(w, crmOnly.id, 'Local too');
    const out = await w.bridge.syncNow(link.id);
    t.true(out.ok, out.error ?? '');
    t.notRegex((await remote.get(href)).body, /Local only/);
    t.is((await remote.list(w.book)).length, 1);
    await remoteEdit(href, 'From phone');
    await remote.put(`${w.book}in.vcf`, vcard('in', ['FN:In Card', 'N:Card;In;;;']));
    const back = await w.bridge.syncNow(link.id);
    t.true(back.ok, back.error ?? '');
    t.is((await readContact(w, contact.id))?.values['title'], 'From phone');
    t.is((await contactsOf(w)).length, 3);
  } finally {
    await w.dispose();
  }
});
