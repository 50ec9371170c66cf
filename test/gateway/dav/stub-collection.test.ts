// A second collection type on the WebDAV core (RFC 4918, RFC 6578): an in-memory notes area that
// implements only DavArea and SyncCollection (notes-area.ts) gets PROPFIND Depth 1, GET, DELETE
// with If-Match, and sync-collection with per-collection tokens, paging and 404 removals over HTTP,
// with no line of the core changed for it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import Koa from 'koa';
import { createDavCore } from '../../../gateway/dav/area.js';
import { davRouter } from '../../../gateway/dav/router.js';
import type { DavPrincipal } from '../../../gateway/dav/request.js';
import type { DavCollection } from '../../../gateway/dav/resource.js';
import type { RequestState } from '../../../gateway/middleware/request-context.js';
import { GatewayError } from '../../../store/errors.js';
import type { User } from '../../../store/types.js';
import {
  davProp,
  errorOf,
  propText,
  responseAt,
  responses,
  syncTokenOf,
  withProps,
  withStatus,
} from '../../helpers/multistatus.js';
import { NoteBook, notesArea } from './notes-area.js';

const ann: User = {
  id: 7,
  userName: 'ann',
  firstName: 'Ann',
  lastName: 'Example',
  email: null,
  isAdmin: false,
  status: 'Active',
  timeZone: 'UTC',
  authSource: 'local',
  accessKey: 'unused',
  createdAt: '2026-01-01 00:00:00',
  modifiedAt: '2026-01-01 00:00:00',
  directoryDn: null,
  directoryId: null,
  lastLoginAt: null,
};
const AUTH = 'Basic ' + Buffer.from('ann:secret').toString('base64');
const WORK = '/dav/notes/ann/work/';
const HOME = '/dav/notes/ann/home/';
const XML = { 'content-type': 'application/xml' };

interface Rig {
  readonly url: string;
  readonly book: NoteBook;
  readonly listed: string[];
  readonly server: Server;
}

async function start(): Promise<Rig> {
  const book = new NoteBook();
  book.put('work', 'plan.txt', 'ship it');
  book.put('work', 'todo.txt', 'write tests');
  book.put('home', 'shopping.txt', 'milk');
  book.put('archive', 'old.txt', 'kept');
  book.readOnly.add('archive');
  const listed: string[] = [];
  const core = createDavCore({
    areas: [notesArea(book)],
    limits: { maxResourceBytes: 4096, maxXmlBytes: 65536, syncPageSize: 100 },
    realm: 'Notes',
    async authenticate(authorization): Promise<DavPrincipal> {
      if (authorization !== AUTH) throw new GatewayError('unauthenticated', 'Who are you?');
      return { user: ann, actor: { userId: ann.id, isAdmin: false, groupIds: [] }, canWrite: true };
    },
    latestSeq: async () => book.seq,
    onCollectionListed: (c: DavCollection) => listed.push(c.href),
  });
  const app = new Koa<RequestState>();
  app.use(davRouter(core, (err) => console.error(err)));
  const server = createServer(app.callback());
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, book, listed, server };
}

async function req(
  rig: Rig,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const r = await fetch(rig.url + path, {
    method,
    body,
    headers: { authorization: AUTH, ...headers },
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

const sync = (token: string, limit?: number): string =>
  `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level>` +
  `${limit ? `<d:limit><d:nresults>${limit}</d:nresults></d:limit>` : ''}<d:prop><d:getetag/></d:prop></d:sync-collection>`;

const tokenProp =
  '<d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/><d:displayname/></d:prop></d:propfind>';

test('PROPFIND Depth 1 lists a stub collection and its members; GET serves a member', async (t) => {
  const rig = await start();
  t.teardown(() => rig.server.close());
  const list = await req(rig, 'PROPFIND', WORK, '', { depth: '1' });
  t.is(list.status, 207, list.text);
  t.deepEqual(withProps(list.text), ['plan.txt', 'todo.txt', 'work']);
  const plan = responseAt(list.text, 'plan.txt');
  t.is(propText(plan, davProp('getcontenttype')), 'text/plain; charset=utf-8');
  t.is(propText(responseAt(list.text, WORK), davProp('displayname')), 'Notes: work');
  t.is(responseAt(list.text, WORK)?.props.has(davProp('sync-token')), false, 'not in allprop');
  t.deepEqual(responseAt(list.text, WORK)?.props.get(davProp('resourcetype'))?.children, [
    davProp('collection'),
  ]);
  const home = await req(rig, 'PROPFIND', '/dav/notes/ann/', '', { depth: '1' });
  t.deepEqual(withProps(home.text), ['ann', 'archive', 'home', 'work']);

  const got = await req(rig, 'GET', `${WORK}plan.txt`);
  t.is(got.status, 200);
  t.is(got.text, 'ship it');
  t.is(got.headers.get('etag'), propText(plan, davProp('getetag')) ?? null);
  t.is((await req(rig, 'GET', WORK)).status, 405, 'a collection has no body');
  t.is((await req(rig, 'GET', `${WORK}nope.txt`)).status, 404);
  t.is((await req(rig, 'PROPFIND', '/dav/notes/bob/', '', { depth: '0' })).status, 403);
  t.is((await req(rig, 'PROPFIND', WORK, '', { authorization: 'Basic eDp5' })).status, 401);
  const options = await req(rig, 'OPTIONS', WORK);
  t.is(options.headers.get('dav'), '1, 3');
  t.is(options.headers.get('allow'), 'OPTIONS, GET, HEAD, DELETE, PROPFIND, PROPPATCH, REPORT');
});

test('sync tokens are per collection: a write to one leaves the others; removals are 404', async (t) => {
  const rig = await start();
  t.teardown(() => rig.server.close());
  const report = async (path: string, body: string): Promise<string> => {
    const r = await req(rig, 'REPORT', path, body, { depth: '1', ...XML });
    t.is(r.status, 207, r.text);
    return r.text;
  };
  const initial = await report(WORK, sync(''));
  t.deepEqual(withProps(initial), ['plan.txt', 'todo.txt']);
  const work0 = syncTokenOf(initial);
  const home0 = syncTokenOf(await report(HOME, sync('')));
  t.is(work0, 'http://crm-gateway/ns/sync/2');
  t.is(home0, 'http://crm-gateway/ns/sync/3');
  t.deepEqual(rig.listed, [WORK, HOME], 'each listing is announced, nothing else happens');

  rig.book.put('home', 'recipes.txt', 'soup');
  const workProps = await req(rig, 'PROPFIND', WORK, tokenProp, { depth: '0' });
  t.is(propText(responseAt(workProps.text, WORK), davProp('sync-token')), work0, 'work unchanged');
  const quiet = await report(WORK, sync(work0));
  t.deepEqual(responses(quiet), []);
  t.is(syncTokenOf(quiet), work0);
  const homeNext = await report(HOME, sync(home0));
  t.deepEqual(withProps(homeNext), ['recipes.txt']);
  t.not(syncTokenOf(homeNext), home0);

  // DELETE with a stale If-Match is 412; with the member's ETag it removes it.
  t.is((await req(rig, 'DELETE', `${WORK}plan.txt`, undefined, { 'if-match': '"x"' })).status, 412);
  const etag = (await req(rig, 'GET', `${WORK}plan.txt`)).headers.get('etag') ?? '';
  t.is((await req(rig, 'DELETE', `${WORK}plan.txt`, undefined, { 'if-match': etag })).status, 204);
  t.is((await req(rig, 'DELETE', `${WORK}plan.txt`)).status, 404);
  t.is((await req(rig, 'DELETE', WORK)).status, 403, 'collections are not deleted');
  const denied = await req(rig, 'DELETE', '/dav/notes/ann/archive/old.txt');
  t.is(denied.status, 403);
  t.is(errorOf(denied.text), davProp('need-privileges'));
  rig.book.put('work', 'todo.txt', 'write more tests');
  const changed = await report(WORK, sync(work0));
  t.deepEqual(withStatus(changed, 404), ['plan.txt']);
  t.deepEqual(withProps(changed), ['todo.txt']);

  // A token handed out by another collection is a valid position; one past the log is not.
  const fromHome = await report(WORK, sync(syncTokenOf(homeNext)));
  t.deepEqual(withStatus(fromHome, 404), ['plan.txt'], 'changes after that position');
  const bad = await req(rig, 'REPORT', WORK, sync('http://crm-gateway/ns/sync/999'), XML);
  t.is(bad.status, 403);
  t.is(errorOf(bad.text), davProp('valid-sync-token'));
});

test('sync-collection pages with 507 and a token covering only the page', async (t) => {
  const rig = await start();
  t.teardown(() => rig.server.close());
  const token = syncTokenOf((await req(rig, 'REPORT', WORK, sync(''), XML)).text);
  rig.book.put('work', 'a.txt', 'a');
  rig.book.put('home', 'elsewhere.txt', 'x');
  rig.book.put('work', 'b.txt', 'b');
  const first = await req(rig, 'REPORT', WORK, sync(token, 1), XML);
  t.deepEqual(withProps(first.text), ['a.txt']);
  const cut = responseAt(first.text, WORK);
  t.is(cut?.status, 507);
  t.is(cut?.error, davProp('number-of-matches-within-limits'));
  const rest = await req(rig, 'REPORT', WORK, sync(syncTokenOf(first.text)), XML);
  t.deepEqual(withProps(rest.text), ['b.txt']);
  t.deepEqual(withStatus(rest.text, 507), []);
  const unknown = await req(rig, 'REPORT', WORK, '<x:query xmlns:x="urn:x"/>', XML);
  t.is(unknown.status, 403);
  t.is(errorOf(unknown.text), davProp('supported-report'));
});
