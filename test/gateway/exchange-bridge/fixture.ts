// A CRM store, the Exchange sandbox (scripts/exchange-sandbox/) with one app and one mailbox, and an
// Exchange bridge with a connection and a link of the store's admin to that mailbox.
import {
  ExchangeBridge,
  type ExchangeBridgeOptions,
} from '../../../gateway/exchange-bridge/service.js';
import type { CrmRecord } from '../../../store/types.js';
import { ExchangeSandbox } from '../../../scripts/exchange-sandbox/server.js';
import type { Mailbox } from '../../../scripts/exchange-sandbox/store.js';
import { sqliteStore, type TestStore } from '../../helpers/store.js';
import { bridgeConfig } from '../caldav-bridge/fixture.js';

export const MAILBOX = 'adele@contoso.example';

export interface ExchangeWorld {
  readonly ts: TestStore;
  readonly sandbox: ExchangeSandbox;
  readonly box: Mailbox;
  readonly bridge: ExchangeBridge;
  readonly linkId: number;
  readonly url: string;
  dispose(): Promise<void>;
}

export async function exchangeWorld(options: ExchangeBridgeOptions = {}): Promise<ExchangeWorld> {
  const sandbox = new ExchangeSandbox();
  sandbox.addApp({ tenantId: 'contoso', clientId: 'app-1', clientSecret: 'app-secret' });
  const box = sandbox.addMailbox(MAILBOX, 'Adele Vance');
  const url = await sandbox.start();
  const ts = await sqliteStore();
  const bridge = new ExchangeBridge(ts.store, bridgeConfig(ts.dir ?? '.'), {
    backoffBaseMs: 50,
    backoffMaxMs: 200,
    maxInlineWaitMs: 2000,
    ...options,
  });
  const connection = await bridge.createConnection({
    name: 'contoso',
    tenantId: 'contoso',
    clientId: 'app-1',
    clientSecret: 'app-secret',
    graphUrl: url,
    loginUrl: url,
  });
  const link = await bridge.createLink({
    userId: ts.admin.userId,
    connectionId: connection.id,
    mailbox: MAILBOX,
  });
  return {
    ts,
    sandbox,
    box,
    bridge,
    linkId: link.id,
    url,
    dispose: async () => {
      await sandbox.stop();
      await ts.dispose();
    },
  };
}

/** The admin's Events in the CRM, by subject. */
export async function crmEvents(w: ExchangeWorld): Promise<CrmRecord[]> {
  const all = await w.ts.store.records.list(w.ts.admin, 'Events');
  return all.sort((a, b) => (a.values['subject'] ?? '').localeCompare(b.values['subject'] ?? ''));
}

export async function crmEvent(
  w: ExchangeWorld,
  subject: string,
  day: string,
  hours: [string, string] = ['09:00:00', '10:00:00'],
): Promise<CrmRecord> {
  return w.ts.store.records.create(w.ts.admin, 'Events', {
    values: {
      subject,
      date_start: day,
      time_start: hours[0],
      due_date: day,
      time_end: hours[1],
      eventstatus: 'Planned',
      activitytype: 'Meeting',
    },
  });
}

/** An event as a user makes it in Outlook (straight into the sandbox's mailbox). */
export function remoteEvent(
  w: ExchangeWorld,
  subject: string,
  day: string,
  extra: Record<string, unknown> = {},
): string {
  return w.box.add('event', 'calendar', {
    subject,
    body: { contentType: 'html', content: `<p>${subject} notes</p>` },
    start: { dateTime: `${day}T14:00:00.0000000`, timeZone: 'UTC' },
    end: { dateTime: `${day}T15:00:00.0000000`, timeZone: 'UTC' },
    location: { displayName: 'Room 2' },
    ...extra,
  }).id;
}

export const remoteSubjects = (w: ExchangeWorld): string[] =>
  w.box
    .ofKind('event')
    .map((i) => String(i.data['subject']))
    .sort();
