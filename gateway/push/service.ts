// Web Push, assembled (gateway/push/README.md): the repositories, the VAPID identity, the
// notifier the producers call, the sender, and the jobs that run them.
import webpush from 'web-push';
import { createHttpClient, type HttpClient } from '../../adapters/http.js';
import { GatewayError } from '../../store/errors.js';
import { createPushStore, type PushStore } from '../../store/push/push-store.js';
import type { VapidKeys } from '../../store/push/vapid.js';
import type { JobWorker } from '../../store/jobs/worker.js';
import type { Store } from '../../store/store.js';
import { accessKeyBox } from '../access-key-box.js';
import type { GatewayConfig } from '../config.js';
import { queueWhatsAppPushes } from './whatsapp.js';
import { PushNotifier } from './notifier.js';
import type { UserLock } from '../auth/authenticator.js';
import { queueChangePushes } from './changes.js';
import { queueFailurePushes } from './failures.js';
import { queueReminders } from './reminders.js';
import { queueLockNotice } from './security.js';
import { PushSender, type SendReport } from './sender.js';

export interface PushServiceOptions {
  readonly clock?: () => Date;
  readonly http?: HttpClient;
}

export const SEND_JOB = 'push.send';
export const QUEUE_JOB = 'push.queue';

export class PushService {
  readonly push: PushStore;
  readonly notifier: PushNotifier;
  readonly sender: PushSender;
  readonly clock: () => Date;
  /** Hosts exempt from the https rule for endpoints, as from the outbound address guard. */
  readonly plainHttpHosts: readonly string[];

  constructor(
    private readonly store: Store,
    config: GatewayConfig,
    options: PushServiceOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.push = createPushStore(store.db.knex, accessKeyBox(config));
    this.plainHttpHosts = config.outboundAllowHosts;
    this.notifier = new PushNotifier(store, this.push, this.clock);
    this.sender = new PushSender({
      push: this.push,
      users: store.users,
      clock: this.clock,
      vapidKeys: () => this.vapidKeys(),
      http:
        options.http ??
        createHttpClient({
          allowHosts: config.outboundAllowHosts,
          timeoutMs: Math.min(config.outboundTimeoutMs, 30_000),
          maxResponseBytes: 64 * 1024,
          maxRedirects: 0,
          retries: 0,
          userAgent: 'crm-standards-gateway web-push',
        }),
    });
  }

  /** Generated once (RFC 8292 §3.2: the P-256 key the browser gets as applicationServerKey). */
  vapidKeys(): Promise<VapidKeys> {
    return this.push.vapid.keys(() => webpush.generateVAPIDKeys());
  }

  async sendNow(): Promise<SendReport> {
    return this.sender.run();
  }

  async queueReminders(): Promise<number> {
    return queueReminders(this.push, this.notifier, this.clock());
  }

  /** Assignments, new tickets and ticket replies since the last run; returns changes read. */
  async queueChanges(): Promise<number> {
    return queueChangePushes(this.push, this.notifier, this.clock());
  }

  /** Customers' WhatsApp messages since the last run; returns messages read. */
  async queueWhatsApp(): Promise<number> {
    return queueWhatsAppPushes(this.push, this.notifier, this.clock());
  }

  async queueFailures(): Promise<number> {
    return queueFailurePushes(this.push, this.notifier, this.clock());
  }

  async lockNotice(lock: UserLock): Promise<number> {
    return queueLockNotice(this.store.users, this.notifier, lock, this.clock());
  }

  get users(): Store['users'] {
    return this.store.users;
  }
}

/**
 * `warn` gets the missing-subject error instead of the job failing with it: a failed job stops
 * until reset, and the queue must drain on its own once the subject is set.
 */
export async function registerPushJobs(
  worker: JobWorker,
  service: PushService,
  warn: (message: string) => void,
): Promise<void> {
  await worker.register(
    {
      name: QUEUE_JOB,
      description: 'Queue Web Push messages: reminders, assignments, tickets, WhatsApp, failures',
      schedule: { kind: 'interval', seconds: 15 },
    },
    async () => {
      await service.queueReminders();
      while ((await service.queueChanges()) > 0);
      while ((await service.queueWhatsApp()) > 0);
      await service.queueFailures();
    },
  );
  await worker.register(
    {
      name: SEND_JOB,
      description: 'Send queued Web Push messages',
      schedule: { kind: 'interval', seconds: 5 },
    },
    async () => {
      try {
        await service.sendNow();
      } catch (err) {
        if (!(err instanceof GatewayError) || err.details.setting !== 'push.subject') throw err;
        warn(err.message);
      }
    },
  );
}
