// The request mixes of `npm run bench:replicas` (scripts/bench/replicas.ts), built in the load
// generator's own process from a plain description, so the generator shares no memory with the
// replicas it measures.
import { SURNAMES } from '../seed-contacts.js';
import type { LoadRequest } from '../load.js';

export interface ScenarioParams {
  readonly session: string;
  readonly records: number;
  /** Basic authorization of the CalDAV user. */
  readonly davAuth: string;
  readonly collection: string;
  readonly eventNames: readonly string[];
  readonly syncToken: string;
  readonly formPath: string;
}

export const SCENARIOS = [
  'ceiling',
  'rest retrieve',
  'rest query 100 rows',
  'rest create',
  'caldav multiget 20',
  'caldav sync-collection',
  'webform post',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

const xml = { 'content-type': 'application/xml; charset=utf-8' };

export function scenario(name: ScenarioName, p: ScenarioParams): (n: number) => LoadRequest {
  const ws = (query: Record<string, string>): LoadRequest => ({
    method: 'GET',
    path: `/webservice.php?${new URLSearchParams({ ...query, sessionName: p.session }).toString()}`,
  });
  const dav = (body: string, depth: string): LoadRequest => ({
    method: 'REPORT',
    path: p.collection,
    headers: { ...xml, depth, authorization: p.davAuth },
    body,
  });
  switch (name) {
    case 'ceiling':
      return () => ({ method: 'GET', path: '/bench/ping' });
    case 'rest retrieve':
      return (n) => ws({ operation: 'retrieve', id: `12x${1 + ((n * 7919) % p.records)}` });
    case 'rest query 100 rows':
      return (n) =>
        ws({
          operation: 'query',
          query: `SELECT * FROM Contacts WHERE lastname LIKE '${SURNAMES[n % SURNAMES.length] ?? 'Meyer'}%' LIMIT 100;`,
        });
    case 'rest create':
      return (n) => ({
        method: 'POST',
        path: '/webservice.php',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          operation: 'create',
          sessionName: p.session,
          elementType: 'Contacts',
          element: JSON.stringify({ lastname: `Bench ${n}`, assigned_user_id: '19x1' }),
        }).toString(),
      });
    case 'caldav multiget 20':
      return (n) => {
        const names = Array.from(
          { length: 20 },
          (_, k) => p.eventNames[(n * 20 + k) % p.eventNames.length] ?? '',
        );
        return dav(
          '<?xml version="1.0"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">' +
            `<d:prop><d:getetag/><c:calendar-data/></d:prop>${names.map((x) => `<d:href>${p.collection}${x}</d:href>`).join('')}</c:calendar-multiget>`,
          '1',
        );
      };
    case 'caldav sync-collection':
      return () =>
        dav(
          `<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>${p.syncToken}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
          '0',
        );
    case 'webform post':
      return (n) => ({
        method: 'POST',
        path: p.formPath,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lastname: `Visitor ${n}`, email: `v${n}@example.org` }),
      });
  }
}

/** What counts as a good answer beyond a 2xx status. */
export function checkOf(name: ScenarioName): ((body: string) => boolean) | undefined {
  if (name.startsWith('rest')) return (body) => body.startsWith('{"success":true');
  return undefined;
}
