// An internal error that an edge renders in its own dialect is logged on the request's logger:
// the error line carries the same request id as the X-Request-Id header of the answer (and the
// access log line), so an operator can find the stack of the failure a client reports.
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import { ADMIN_PASSWORD } from '../helpers/gateway.js';

interface LogLine {
  readonly msg?: string;
  readonly requestId?: string;
  readonly err?: { readonly stack?: string };
}

async function gatewayWithLog(t: ExecutionContext): Promise<{
  gw: RunningGateway;
  lines: LogLine[];
}> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-edge-log-'));
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
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GATEWAY_JOBS_ENABLED: 'false',
  });
  const gw = await startGateway(config, createLogger('error', sink));
  t.teardown(async () => {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { gw, lines };
}

function errorLine(lines: readonly LogLine[], msg: string): LogLine | undefined {
  return lines.find((l) => l.msg === msg);
}

test('an internal error on an edge is logged with the request id of its answer', async (t) => {
  const { gw, lines } = await gatewayWithLog(t);
  // A failing dependency: the tables behind three edges are gone, as after a botched restore.
  const knex = gw.store.db.knex;
  await knex.schema.renameTable('webservice_challenges', 'webservice_challenges_gone');
  await knex.schema.renameTable('webforms', 'webforms_gone');
  await knex.schema.renameTable('caldav_objects', 'caldav_objects_gone');

  const ws = await fetch(`${gw.url}/webservice.php?operation=getchallenge&username=admin`);
  t.like(await ws.json(), { success: false, error: { code: 'DATABASE_QUERY_ERROR' } });
  const form = await fetch(`${gw.url}/webforms/AAAAAAAAAAAAAAAAAAAAAAAA`, {
    headers: { 'x-request-id': 'form-request-1' },
  });
  t.is(form.status, 500);
  await form.text();
  const dav = await fetch(`${gw.url}/dav/calendars/admin/events/`, {
    method: 'PROPFIND',
    headers: {
      authorization: 'Basic ' + Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64'),
      depth: '1',
    },
  });
  t.is(dav.status, 500);
  await dav.text();

  const cases: [Response, string][] = [
    [ws, 'webservice error'],
    [form, 'webform error'],
    [dav, 'dav error'],
  ];
  for (const [res, msg] of cases) {
    const id = res.headers.get('x-request-id');
    t.truthy(id, msg);
    const line = errorLine(lines, msg);
    t.is(line?.requestId, id ?? '', msg);
    t.regex(line?.err?.stack ?? '', /webservice_challenges|webforms|caldav_objects/, msg);
  }
  t.is(form.headers.get('x-request-id'), 'form-request-1', 'a sane incoming id is kept');
});
