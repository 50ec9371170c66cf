// Console routes of WhatsApp Business, for administrators (gateway/whatsapp/README.md §1, §4):
// the channel list with state, a connection test, and a send that follows the same window and
// template rules as the command line and whatsapp_send.
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import type { WhatsAppService } from '../../whatsapp/service.js';
import { idOf } from '../form.js';
import { whatsappPage } from '../pages/whatsapp.js';
import { page, redirect, requireAdmin } from './respond.js';
import type { ConsoleSection } from './sections.js';

const BACK = '/console/whatsapp';

export const whatsappRoutes =
  (service: WhatsAppService): ConsoleSection =>
  (router) =>
    routes(router, service);

function routes(router: Router<ConsoleCtxState>, service: WhatsAppService): void {
  router.get(BACK, async (ctx) => {
    requireAdmin(ctx);
    const recent = await service.store.db
      .knex('whatsapp_messages')
      .orderBy('id', 'desc')
      .limit(20)
      .select<{ id: number }[]>('id');
    const messages = [];
    for (const r of recent) {
      const m = await service.messages.get(Number(r.id));
      if (m) messages.push(m);
    }
    page(
      ctx,
      'WhatsApp',
      whatsappPage({
        channels: await service.channels.list(),
        inbox: await service.inbox.counts(),
        messages,
        csrf: ctx.state.console.csrfToken,
      }),
    );
  });

  router.post(`${BACK}/send`, async (ctx) => {
    requireAdmin(ctx);
    const form = ctx.state.form;
    const get = (name: string): string => form?.get(name)?.trim() ?? '';
    try {
      const template = get('template');
      const message = await service.send({
        channelId: idOf(get('channelId'), 'Channel'),
        to: get('to'),
        content:
          template !== ''
            ? {
                kind: 'template',
                name: template,
                language: get('language'),
                params: get('params')
                  .split(/\r?\n/)
                  .map((p) => p.trim())
                  .filter((p) => p !== ''),
              }
            : { kind: 'text', text: get('text') },
      });
      redirect(ctx, BACK, {
        kind: message.status === 'sent' ? 'ok' : 'error',
        text: `Message ${message.id}: ${message.status}${message.errorTitle ? ` (${message.errorTitle})` : ''}`,
      });
    } catch (err) {
      if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
      redirect(ctx, BACK, { kind: 'error', text: `Not sent: ${err.message}` });
    }
  });

  router.post(`${BACK}/:id/test`, async (ctx) => {
    requireAdmin(ctx);
    const id = idOf(ctx.params.id ?? '', 'Channel');
    const result = await service.test(id);
    redirect(
      ctx,
      BACK,
      result['ok'] === true
        ? { kind: 'ok', text: `Channel ${id} reached the Cloud API.` }
        : { kind: 'error', text: `Channel ${id}: ${String(result['error'])}` },
    );
  });
}
