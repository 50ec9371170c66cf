// The push sender job (gateway/push/README.md §3): drains the outbox through adapters/http.ts.
// Encryption (RFC 8291 aes128gcm) and the VAPID header (RFC 8292) come from npm web-push's
// generateRequestDetails; the answer decides the row's fate (RFC 8030 §5, §7):
// 2xx done; 404/410 the subscription is gone; 413 shorten and resend; 429/5xx retry with
// backoff (Retry-After when given); other 4xx drop. The user's rules (rules.ts) hold or drop
// first.
import webpush from 'web-push';
import { OutboundError, type HttpClient } from '../../adapters/http.js';
import { fromStoreTime, nowUtc } from '../../store/db.js';
import { GatewayError } from '../../store/errors.js';
import type { PushStore } from '../../store/push/push-store.js';
import type { OutboxMessage } from '../../store/push/types.js';
import type { VapidKeys } from '../../store/push/vapid.js';
import type { UserRepository } from '../../store/users/user-repository.js';
import { shortenPayload } from './payload.js';
import { decide } from './rules.js';

export interface SendReport {
  sent: number;
  held: number;
  dropped: number;
  retried: number;
  gone: number;
}

export interface SenderDeps {
  readonly push: PushStore;
  readonly users: UserRepository;
  readonly http: HttpClient;
  readonly vapidKeys: () => Promise<VapidKeys>;
  readonly clock: () => Date;
  readonly batch?: number;
  readonly onError?: (message: OutboxMessage, error: string) => void;
}

const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 3_600_000;

function retryAfterMs(value: string | string[] | undefined, attempts: number): number {
  const header = Array.isArray(value) ? value[0] : value;
  const seconds = header !== undefined && /^\d+$/.test(header.trim()) ? Number(header) : NaN;
  if (Number.isFinite(seconds)) return Math.min(seconds * 1000, BACKOFF_MAX_MS);
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

export class PushSender {
  constructor(private readonly deps: SenderDeps) {}

  /** The VAPID subject, or a clear error: nothing is pushed before it is set (RFC 8292 §2.1). */
  private async subject(): Promise<string> {
    const subject = await this.deps.push.vapid.subject();
    if (subject === null)
      throw new GatewayError(
        'invalid_input',
        'Web Push needs a VAPID subject first: set a mailto: or https: contact (npm run -s gateway -- push subject --set …)',
        { setting: 'push.subject' },
      );
    return subject;
  }

  async run(): Promise<SendReport> {
    const report: SendReport = { sent: 0, held: 0, dropped: 0, retried: 0, gone: 0 };
    const due = await this.deps.push.outbox.due(this.deps.clock(), this.deps.batch ?? 100);
    if (due.length === 0) return report;
    const subject = await this.subject();
    const keys = await this.deps.vapidKeys();
    for (const message of due) await this.one(message, subject, keys, report);
    return report;
  }

  private async one(
    message: OutboxMessage,
    subject: string,
    keys: VapidKeys,
    report: SendReport,
  ): Promise<void> {
    const { push } = this.deps;
    const now = this.deps.clock();
    const user = await this.deps.users.findById(message.userId);
    const expiresAtMs = fromStoreTime(message.expiresAt);
    const verdict = decide({
      now,
      timeZone: user?.timeZone ?? 'UTC',
      preferences: await push.preferences.get(message.userId),
      lastActiveMs: await push.activity.lastActive(message.userId),
      urgency: message.urgency,
      expiresAtMs,
    });
    if (verdict.action === 'drop' || !user || user.status !== 'Active') {
      report.dropped++;
      return push.outbox.done(message.id);
    }
    if (verdict.action === 'hold') {
      report.held++;
      return push.outbox.later(message.id, verdict.until, message.attempts, verdict.reason);
    }
    const target = await push.subscriptions.keys(message.subscriptionId);
    if (!target) return push.outbox.done(message.id);
    const details = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      message.payload,
      {
        vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        contentEncoding: 'aes128gcm',
        // RFC 8030 §5.2: what is left of the message's life, so a reminder ends at its start.
        TTL: Math.max(0, Math.floor((expiresAtMs - now.getTime()) / 1000)),
        urgency: message.urgency,
        ...(message.topic !== null ? { topic: message.topic } : {}),
      },
    );
    let status: number;
    let headers: Record<string, string | string[] | undefined> = {};
    try {
      const res = await this.deps.http.request({
        method: 'POST',
        url: details.endpoint,
        headers: details.headers,
        body: details.body,
        maxResponseBytes: 64 * 1024,
      });
      status = res.status;
      headers = res.headers;
    } catch (err) {
      // An endpoint the outbound guard refuses (a private address, adapters/http.ts) can never
      // be reached: like a 410, the subscription goes.
      if (
        err instanceof OutboundError &&
        (err.code === 'blocked_address' || err.code === 'bad_url')
      ) {
        report.gone++;
        this.deps.onError?.(message, err.message);
        return push.subscriptions.remove(message.subscriptionId);
      }
      status = 0;
      headers = { 'x-error': err instanceof Error ? err.message : String(err) };
    }
    await this.outcome(message, status, headers, report);
  }

  private async outcome(
    message: OutboxMessage,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    report: SendReport,
  ): Promise<void> {
    const { push } = this.deps;
    const now = this.deps.clock();
    if (status >= 200 && status < 300) {
      report.sent++;
      await push.subscriptions.markSuccess(message.subscriptionId, nowUtc(now));
      return push.outbox.done(message.id);
    }
    if (status === 404 || status === 410) {
      report.gone++;
      return push.subscriptions.remove(message.subscriptionId);
    }
    if (status === 413) {
      const shorter = shortenPayload(message.payload);
      if (shorter !== null) {
        report.retried++;
        await push.outbox.shorten(message.id, shorter);
        return push.outbox.later(message.id, now, message.attempts, 'payload too large: shortened');
      }
    }
    const error = status === 0 ? `network: ${String(headers['x-error'])}` : `HTTP ${status}`;
    if (status === 0 || status === 429 || status >= 500) {
      report.retried++;
      const attempts = message.attempts + 1;
      const at = new Date(now.getTime() + retryAfterMs(headers['retry-after'], attempts));
      return push.outbox.later(message.id, at, attempts, error);
    }
    report.dropped++;
    this.deps.onError?.(message, error);
    return push.outbox.done(message.id);
  }
}
