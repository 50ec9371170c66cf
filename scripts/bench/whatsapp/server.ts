// The gateway of `npm run bench:whatsapp`, in its own process so the load generator does not share
// its event loop: one WhatsApp channel configured, a bare koa endpoint (the ceiling) and a
// progress endpoint mounted beside the routers. Prints {"url":…} on stdout once listening.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchConfig } from '../bench-config.js';
import { createLogger } from '../../../gateway/logger.js';
import { startGateway } from '../../../gateway/server.js';

export const CEILING_PATH = '/bench/bare';
export const PROGRESS_PATH = '/bench/progress';

const [appSecret = '', phoneNumberId = '', wabaId = ''] = process.argv.slice(2);
const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-whatsapp-'));
const config = benchConfig(dir, {
  GATEWAY_JOBS_ENABLED: 'false',
});
const gw = await startGateway(config, createLogger('silent'), {
  mount: (app) =>
    app.use(async (ctx, next) => {
      if (ctx.path === CEILING_PATH) {
        ctx.status = 200;
        ctx.body = 'EVENT_RECEIVED';
        return;
      }
      if (ctx.path !== PROGRESS_PATH) return next();
      const knex = gw.store.db.reader;
      const n = async (table: string, where: Record<string, unknown> = {}): Promise<number> => {
        const [row] = await knex(table).where(where).count<{ n: number | string }[]>({ n: '*' });
        return Number(row?.n ?? 0);
      };
      const [pending] = await knex('whatsapp_inbox')
        .whereNull('processed_at')
        .count<{ n: number | string }[]>({ n: '*' });
      ctx.body = {
        inbox: await n('whatsapp_inbox'),
        pending: Number(pending?.n ?? 0),
        messages: await n('whatsapp_messages'),
        conversations: await n('crm_entities', { module: 'WhatsAppConversations' }),
        tickets: await n('crm_entities', { module: 'HelpDesk' }),
        comments: await n('crm_entities', { module: 'ModComments' }),
        leads: await n('crm_entities', { module: 'Leads' }),
      };
    }),
});
await gw.whatsapp.configure({
  phoneNumberId,
  wabaId,
  token: 'bench-token',
  appSecret,
  verifyToken: 'bench-verify',
  owner: { kind: 'user', id: 1 },
  graphUrl: 'http://127.0.0.1:9',
  apiVersion: 'v23.0',
  tickets: true,
  dialPrefix: '+',
  matchDays: 30,
});
process.stdout.write(`${JSON.stringify({ url: gw.url })}\n`);
const stop = (): void => {
  void gw.stop().finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
