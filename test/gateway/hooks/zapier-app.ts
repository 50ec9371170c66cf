// A Zapier app definition for the gateway's REST hooks, as a Zapier integration would publish it
// (Zapier Platform docs, "REST Hooks" triggers: performSubscribe, performUnsubscribe, perform,
// performList). The tests run it offline in Zapier's own runtime (zapier-platform-core).
// Authentication is custom: the gateway's address, a user name and that user's access key.
import { Webhook } from 'standardwebhooks';
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';

interface HookBody {
  readonly type: string;
  readonly timestamp: string;
  readonly data: Record<string, string>;
}

const base = (bundle: Bundle): string => String(bundle.authData.base_url).replace(/\/$/, '');

function addBasic(
  request: { headers?: Record<string, string> },
  _z: ZObject,
  bundle: Bundle,
): {
  headers?: Record<string, string>;
} {
  const token = Buffer.from(`${bundle.authData.username}:${bundle.authData.access_key}`).toString(
    'base64',
  );
  request.headers = { ...request.headers, Authorization: `Basic ${token}` };
  return request;
}

function header(headers: Record<string, string>, name: string): string {
  const found = Object.entries(headers).find(
    ([k]) => k.toLowerCase() === name || k.toLowerCase() === `http-${name}`,
  );
  return found ? found[1] : '';
}

/** One trigger per event on Contacts. */
function contactTrigger(event: 'created' | 'updated' | 'deleted' | 'restored'): object {
  return {
    key: `contact_${event}`,
    noun: 'Contact',
    display: { label: `Contact ${event}`, description: `Triggers when a contact is ${event}.` },
    operation: {
      type: 'hook',
      inputFields: [{ key: 'filter', label: 'VTQL condition', required: false }],
      performSubscribe: async (z: ZObject, bundle: Bundle) => {
        const filter = bundle.inputData.filter;
        const res = await z.request({
          url: `${base(bundle)}/restapi/v1/hooks`,
          method: 'POST',
          body: {
            target_url: bundle.targetUrl,
            event,
            module: 'Contacts',
            ...(typeof filter === 'string' && filter !== '' ? { filter } : {}),
          },
        });
        return res.data as { id: string; secret: string };
      },
      performUnsubscribe: async (z: ZObject, bundle: Bundle) => {
        const id = bundle.subscribeData?.id ?? '';
        await z.request({ url: `${base(bundle)}/restapi/v1/hooks/${id}`, method: 'DELETE' });
        return { removed: id };
      },
      // A delivery: the signature is checked with the secret returned at subscribe time.
      perform: (_z: ZObject, bundle: Bundle) => {
        const raw = bundle.rawRequest ?? {};
        const secret = (bundle.subscribeData as { secret?: string } | undefined)?.secret ?? '';
        const headers = raw.headers ?? {};
        const body = new Webhook(secret).verify(raw.content ?? '', {
          'webhook-id': header(headers, 'webhook-id'),
          'webhook-timestamp': header(headers, 'webhook-timestamp'),
          'webhook-signature': header(headers, 'webhook-signature'),
        }) as HookBody;
        return [body.data];
      },
      performList: async (z: ZObject, bundle: Bundle) => {
        const res = await z.request({
          url: `${base(bundle)}/restapi/v1/hooks/poll`,
          params: { event, module: 'Contacts', limit: '3' },
        });
        return (res.data as HookBody[]).map((b) => b.data);
      },
      sample: { id: '12x1', lastname: 'Sample', firstname: 'Ada' },
    },
  };
}

const triggers = Object.fromEntries(
  (['created', 'updated', 'deleted', 'restored'] as const).map((e) => {
    const t = contactTrigger(e) as { key: string };
    return [t.key, t];
  }),
);

export const gatewayZapierApp = {
  version: '1.0.0',
  platformVersion: zapier.version,
  authentication: {
    type: 'custom',
    fields: [
      { key: 'base_url', label: 'Gateway URL', required: true },
      { key: 'username', label: 'User name', required: true },
      { key: 'access_key', label: 'Access key', required: true },
    ],
    test: async (z: ZObject, bundle: Bundle) =>
      (await z.request({ url: `${base(bundle)}/restapi/v1/hooks` })).data as unknown,
  },
  beforeRequest: [addBasic],
  triggers,
};
