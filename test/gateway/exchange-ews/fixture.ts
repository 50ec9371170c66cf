// A CRM store, the EWS double (scripts/exchange-sandbox/ews/) with one account and mailbox, and an
// Exchange bridge with an `ews` connection (NTLM unless said) and a link of the store's admin to
// that mailbox. Every request envelope the bridge sends is kept for the XSD check, every wait the
// client is told to make is recorded instead of slept.
import {
  ExchangeBridge,
  type ExchangeBridgeOptions,
} from '../../../gateway/exchange-bridge/service.js';
import { EwsSandbox } from '../../../scripts/exchange-sandbox/ews/server.js';
import type { CrmRecord } from '../../../store/types.js';
import { sqliteStore, type TestStore } from '../../helpers/store.js';
import { bridgeConfig } from '../caldav-bridge/fixture.js';

export const MAILBOX = 'adele@contoso.example';
export const USER = 'CONTOSO\\adele';
export const PASSWORD = 'Pa55-word!';

export interface EwsWorld {
  readonly ts: TestStore;
  readonly sandbox: EwsSandbox;
  readonly bridge: ExchangeBridge;
  readonly connectionId: number;
  readonly linkId: number;
  readonly url: string;
  /** Envelopes the bridge sent. */
  readonly sent: string[];
  /** Waits the client was told to make (ms). */
  readonly waits: number[];
  dispose(): Promise<void>;
}

export async function ewsWorld(
  options: ExchangeBridgeOptions & { auth?: 'ntlm' | 'basic'; impersonation?: boolean } = {},
): Promise<EwsWorld> {
  const sandbox = new EwsSandbox();
  sandbox.addAccount({
    username: USER,
    password: PASSWORD,
    mailbox: MAILBOX,
    impersonation: options.impersonation ?? false,
  });
  const url = await sandbox.start();
  const ts = await sqliteStore();
  const sent: string[] = [];
  const waits: number[] = [];
  const bridge = new ExchangeBridge(ts.store, bridgeConfig(ts.dir ?? '.'), {
    backoffBaseMs: 50,
    backoffMaxMs: 200,
    maxInlineWaitMs: 2000,
    ...options,
    ews: {
      onRequest: (xml) => sent.push(xml),
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      ...options.ews,
    },
  });
  const connection = await bridge.createConnection({
    kind: 'ews',
    name: 'onprem',
    url,
    username: USER,
    password: PASSWORD,
    auth: options.auth ?? 'ntlm',
    impersonation: options.impersonation ?? false,
  });
  const link = await bridge.createLink({
    userId: ts.admin.userId,
    connectionId: connection.id,
    mailbox: MAILBOX,
  });
  return {
    ts,
    sandbox,
    bridge,
    connectionId: connection.id,
    linkId: link.id,
    url,
    sent,
    waits,
    dispose: async () => {
      bridge.sessions.ews.close();
      await sandbox.stop();
      await ts.dispose();
    },
  };
}

export async function crmEvents(w: EwsWorld): Promise<CrmRecord[]> {
  const all = await w.ts.store.records.list(w.ts.admin, 'Events');
  return all.sort((a, b) => (a.values['subject'] ?? '').localeCompare(b.values['subject'] ?? ''));
}

export function crmEvent(
  w: EwsWorld,
  subject: string,
  day: string,
  hours: [string, string] = ['09:00:00', '10:00:00'],
  endDay: string = day,
): Promise<CrmRecord> {
  return w.ts.store.records.create(w.ts.admin, 'Events', {
    values: {
      subject,
      date_start: day,
      time_start: hours[0],
      due_date: endDay,
      time_end: hours[1],
      eventstatus: 'Planned',
      activitytype: 'Meeting',
    },
  });
}

/** An appointment made in Outlook, straight into the double's calendar. */
export function outlookItem(
  w: EwsWorld,
  subject: string,
  start: string,
  end: string,
  extra: Record<string, string> = {},
  attrs: Record<string, Record<string, string>> = {},
): string {
  return w.sandbox.seed(
    MAILBOX,
    'calendar',
    'CalendarItem',
    {
      Subject: subject,
      Body: `${subject} notes`,
      Start: start,
      End: end,
      IsAllDayEvent: 'false',
      Location: 'Room 2',
      CalendarItemType: 'Single',
      IsOrganizer: 'true',
      ...extra,
    },
    { Body: { BodyType: 'Text' }, ...attrs },
  ).id;
}

export const calendarItems = (w: EwsWorld): { id: string; field: (n: string) => string | null }[] =>
  [...(w.sandbox.mailboxes.get(MAILBOX)?.folder('calendar').items.values() ?? [])].map((i) => ({
    id: i.id,
    field: (n: string) => i.fields.get(n)?.text ?? null,
  }));

export const outlookSubjects = (w: EwsWorld): string[] =>
  calendarItems(w)
    .map((i) => i.field('Subject') ?? '')
    .sort();
