// Change notifications (Graph docs, "change notifications for Outlook resources" and "subscription:
// create"): a POST /subscriptions is accepted only once the notification URL echoes the
// validationToken as text/plain within 10 seconds; a change to a subscribed resource then POSTs
// `{"value":[{subscriptionId, clientState, changeType, resource, resourceData}]}`; lifecycle events
// (reauthorizationRequired, subscriptionRemoved, missed) go to the lifecycle URL. Graph requires
// HTTPS notification URLs; the sandbox accepts http on loopback so tests need no certificate.
import { graphError, type SandboxReply } from './http-kit.js';
import { newId, type Item, type Json } from './store.js';

export interface Subscription {
  readonly id: string;
  readonly resource: string;
  readonly changeType: string;
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string | null;
  readonly clientState: string | null;
  expirationDateTime: string;
  readonly tenantId: string;
}

/** Outlook resources: at most 10080 minutes (Graph docs, "subscription resource type", maximum length). */
const MAX_MINUTES = 10080;

async function validates(url: string): Promise<boolean> {
  const token = newId('validation');
  try {
    const sep = url.includes('?') ? '&' : '?';
    const res = await fetch(`${url}${sep}validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      signal: AbortSignal.timeout(10_000),
    });
    return res.status === 200 && (await res.text()) === token;
  } catch {
    return false;
  }
}

export class Subscriptions {
  readonly all = new Map<string, Subscription>();
  /** Notifications the sandbox posted, for tests: url and body. */
  readonly sent: { url: string; body: Json }[] = [];

  constructor(private readonly clock: () => number) {}

  async create(body: Json | null, tenantId: string): Promise<SandboxReply> {
    if (!body) return graphError(400, 'RequestBodyRead', 'a JSON body is required');
    const { resource, changeType, notificationUrl, expirationDateTime } = body;
    if (
      typeof resource !== 'string' ||
      typeof changeType !== 'string' ||
      typeof notificationUrl !== 'string' ||
      typeof expirationDateTime !== 'string'
    )
      return graphError(
        400,
        'ExtensionError',
        'resource, changeType, notificationUrl and expirationDateTime are required',
      );
    const url = new URL(notificationUrl);
    if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
      return graphError(400, 'ValidationError', 'The Notification Url must be an https url.');
    const expires = Date.parse(expirationDateTime);
    if (
      Number.isNaN(expires) ||
      expires <= this.clock() ||
      expires > this.clock() + MAX_MINUTES * 60_000
    )
      return graphError(
        400,
        'ExtensionError',
        `Subscription expiration can only be ${MAX_MINUTES} minutes in the future.`,
      );
    if (!(await validates(notificationUrl)))
      return graphError(
        400,
        'ValidationError',
        'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
      );
    const lifecycle = body['lifecycleNotificationUrl'];
    const sub: Subscription = {
      id: newId('sub-').slice(0, 36),
      resource,
      changeType,
      notificationUrl,
      lifecycleNotificationUrl: typeof lifecycle === 'string' ? lifecycle : null,
      clientState: typeof body['clientState'] === 'string' ? body['clientState'] : null,
      expirationDateTime: new Date(expires).toISOString(),
      tenantId,
    };
    this.all.set(sub.id, sub);
    return { status: 201, body: this.render(sub), type: 'subscription' };
  }

  render(sub: Subscription): Json {
    return {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
      id: sub.id,
      resource: sub.resource,
      changeType: sub.changeType,
      notificationUrl: sub.notificationUrl,
      lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
      clientState: sub.clientState,
      expirationDateTime: sub.expirationDateTime,
      applicationId: 'sandbox',
      creatorId: 'sandbox',
      latestSupportedTlsVersion: 'v1_2',
    };
  }

  renew(id: string, body: Json | null): SandboxReply {
    const sub = this.all.get(id);
    if (!sub) return graphError(404, 'ResourceNotFound', 'The object was not found.');
    const expires = Date.parse(String(body?.['expirationDateTime'] ?? ''));
    if (Number.isNaN(expires) || expires > this.clock() + MAX_MINUTES * 60_000)
      return graphError(400, 'ExtensionError', 'bad expirationDateTime');
    sub.expirationDateTime = new Date(expires).toISOString();
    return { status: 200, body: this.render(sub), type: 'subscription' };
  }

  remove(id: string): SandboxReply {
    if (!this.all.delete(id))
      return graphError(404, 'ResourceNotFound', 'The object was not found.');
    return { status: 204 };
  }

  private post(url: string, body: Json): void {
    this.sent.push({ url, body });
    void fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
  }

  /** Tells subscribers of `resource` (e.g. `/users/a@b/events`) about a change to `item`. */
  notify(resourcePath: string, item: Item, changeType: 'created' | 'updated' | 'deleted'): void {
    const wanted = resourcePath.toLowerCase().replace(/^\//, '');
    for (const sub of this.all.values()) {
      if (sub.resource.toLowerCase().replace(/^\//, '') !== wanted) continue;
      if (!sub.changeType.split(',').includes(changeType)) continue;
      this.post(sub.notificationUrl, {
        value: [
          {
            subscriptionId: sub.id,
            subscriptionExpirationDateTime: sub.expirationDateTime,
            changeType,
            resource: `${wanted}/${item.id}`,
            resourceData: {
              '@odata.type': `#Microsoft.Graph.${item.kind === 'event' ? 'Event' : item.kind === 'task' ? 'TodoTask' : 'Contact'}`,
              id: item.id,
            },
            clientState: sub.clientState,
            tenantId: sub.tenantId,
          },
        ],
      });
    }
  }

  /** A lifecycle notification (reauthorizationRequired, subscriptionRemoved, missed). */
  lifecycle(
    id: string,
    event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed',
  ): boolean {
    const sub = this.all.get(id);
    if (!sub?.lifecycleNotificationUrl) return false;
    if (event === 'subscriptionRemoved') this.all.delete(id);
    this.post(sub.lifecycleNotificationUrl, {
      value: [
        {
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: sub.expirationDateTime,
          lifecycleEvent: event,
          clientState: sub.clientState,
          tenantId: sub.tenantId,
        },
      ],
    });
    return true;
  }
}
