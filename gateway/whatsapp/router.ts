// The WhatsApp Business edge (gateway/whatsapp/README.md §2): the public webhook, mounted by
// gateway/app.ts before the global body limit because it reads the raw body itself (the
// signature covers the exact bytes).
import Router from '@koa/router';
import type { InternalErrorLog, RequestState } from '../middleware/request-context.js';
import { deliveryRoute, verifyRoute } from './routes/webhook.js';
import type { WhatsAppService } from './service.js';

export interface WhatsAppRouteDeps {
  readonly service: WhatsAppService;
  readonly onInternal: InternalErrorLog;
}

export function whatsappRouter(deps: WhatsAppRouteDeps): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get('/whatsapp/webhook', verifyRoute(deps));
  router.post('/whatsapp/webhook', deliveryRoute(deps));
  return router;
}
