// A VTQL IN list beyond what a database binds in one statement answers a clear
// QUERY_SYNTAX_ERROR instead of an internal error, and a query that fails in the database is
// logged capped and without its values (gateway/rest/README.md §3 "Value lists",
// gateway/log-redaction.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import test, { type ExecutionContext } from 'ava';
import { loadConfig } from '../../../gateway/config.js';
import { createLogger } from '../../../gateway/logger.js';
import { MAX_QUERY_VALUES, parseVtql } from '../../../gateway/rest/vtql/parser.js';
import { toWsError } from '../../../gateway/rest/ws-errors.js';
import { startGateway, type RunningGateway } from '../../../gateway/server.js';
import { ADMIN_ACCESS_KEY, ADMIN_PASSWORD } from '../../helpers/gateway.js';

interface LogLine {
  readonly msg?: string;
  readonly err?: { readonly message?: string; readonly stack?: string };
}

async function gatewayWithLog(
  t: ExecutionContext,
): Promise<{ gw: RunningGateway; lines: LogLine[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-vtql-in-'));
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const config = loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GATEWAY_ADMIN_ACCESS_KEY: ADMIN_ACCESS_KEY,
    GATEWAY_JOBS_ENABLED: 'false',
  });
  const gw = await startGateway(config, createLogger('error', sink));
  t.teardown(async () => {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { gw, lines };
}

async function vtewsQuery(
  gw: RunningGateway,
  query: string,
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${gw.url}/restapi/v1/vtews/query`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`admin:${ADMIN_ACCESS_KEY}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ query }).toString(),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: await res.text() };
}

const inList = (count: number, prefix: string): string =>
  Array.from({ length: count }, (_, i) => `'${prefix}${i}'`).join(',');

test('an IN list of 40,000 values is refused with a clear 413, not a database error', async (t) => {
  t.timeout(60_000);
  const { gw, lines } = await gatewayWithLog(t);
  const answer = await vtewsQuery(
    gw,
    `SELECT lastname FROM Contacts WHERE lastname IN (${inList(40_000, 'name-')});`,
  );
  t.is(answer.status, 413, answer.body.slice(0, 300));
  t.regex(answer.body, /QUERY_SYNTAX_ERROR|PayloadTooLarge/);
  t.regex(answer.body, /at most \d+ values/);
  t.deepEqual(lines, [], 'nothing internal to log');
});

test('a query failing in the database is logged capped and without its values', async (t) => {
  t.timeout(60_000);
  const { gw, lines } = await gatewayWithLog(t);
  // A failing dependency, as after a botched restore: the query reaches the database and fails.
  await gw.store.db.knex.schema.renameTable('crm_entities', 'crm_entities_gone');
  const answer = await vtewsQuery(
    gw,
    `SELECT lastname FROM Contacts WHERE lastname IN (${inList(2_000, 'secret-value-')});`,
  );
  t.is(answer.status, 500);
  const logged = lines.find((l) => l.err !== undefined);
  t.truthy(logged, JSON.stringify(lines).slice(0, 300));
  const text = JSON.stringify(logged);
  t.false(text.includes('secret-value-'), text.slice(0, 600));
  t.true((logged?.err?.message ?? '').length <= 600, `message of ${logged?.err?.message?.length}`);
  t.true(text.length < 8_000, `line of ${text.length} characters`);
});

test('the parser takes 10,000 values and refuses one more with vtiger code QUERY_SYNTAX_ERROR', (t) => {
  const query = (count: number): string =>
    `SELECT id FROM Contacts WHERE lastname IN (${inList(count, 'n')});`;
  t.notThrows(() => parseVtql(query(MAX_QUERY_VALUES)));
  const err = t.throws(() => parseVtql(query(MAX_QUERY_VALUES + 1)));
  t.is(toWsError(err).code, 'QUERY_SYNTAX_ERROR');
  t.regex(toWsError(err).message, /at most 10000 values/);
});
