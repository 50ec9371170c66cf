// The WhatsApp jobs in the cron panel (gateway/whatsapp/README.md §5). A delivery stored by the
// webhook is processed at once in this process as well (the job is the safety net that retries
// the inbox and failed sends, and the path when another replica took the delivery).
import type { JobWorker } from '../../store/jobs/worker.js';
import type { WhatsAppService } from './service.js';

export const WHATSAPP_JOBS = {
  messages: 'whatsapp.syncMessages',
  templates: 'whatsapp.syncTemplates',
  customers: 'whatsapp.syncCustomers',
  close: 'whatsapp.closeConversations',
} as const;

export async function registerWhatsAppJobs(
  worker: JobWorker,
  service: WhatsAppService,
  onError: (err: unknown) => void,
): Promise<void> {
  let kicked = false;
  service.onDelivery = () => {
    if (kicked) return;
    kicked = true;
    setImmediate(() => {
      kicked = false;
      service.processor.runPending().catch(onError);
    });
  };
  await worker.register(
    {
      name: WHATSAPP_JOBS.messages,
      description: 'WhatsApp: process the webhook inbox, send agent answers, retry failed sends',
      schedule: { kind: 'interval', seconds: 15 },
    },
    async () => {
      await service.processor.runPending();
      await service.replies.run();
      await service.sender.retryQueued();
    },
  );
  await worker.register(
    {
      name: WHATSAPP_JOBS.templates,
      description: 'WhatsApp: synchronise message templates from each business account',
      schedule: { kind: 'interval', seconds: 3600 },
    },
    async () => {
      for (const channel of await service.channels.list())
        if (!channel.paused) await service.syncTemplates(channel.id);
    },
  );
  await worker.register(
    {
      name: WHATSAPP_JOBS.customers,
      description: 'WhatsApp: match CRM contacts and leads by mobile number',
      schedule: { kind: 'interval', seconds: 300 },
    },
    async () => {
      await service.customers.refresh();
    },
  );
  await worker.register(
    {
      name: WHATSAPP_JOBS.close,
      description: 'WhatsApp: close conversations whose 24-hour window has ended',
      schedule: { kind: 'interval', seconds: 300 },
    },
    async () => {
      await service.closer.run();
    },
  );
}
