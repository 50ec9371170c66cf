// The EWS codec: every request the bridge can build validates against Microsoft's XSDs (2016 and
// 2013 SP1, test/fixtures/exchange-oracle/EWS.md), and recorded real responses read back with
// their server version, codes, changes and item fields; a fault's BackOffMilliseconds is found.
import test from 'ava';
import { readFileSync } from 'node:fs';
import {
  calendarItemJson,
  calendarUpdates,
  newCalendarItem,
} from '../../../formats/ews/calendar-item.js';
import { requestEnvelope } from '../../../formats/ews/envelope.js';
import { M_NS, T_NS } from '../../../formats/ews/namespaces.js';
import {
  createItem,
  deleteItem,
  getFolder,
  getItems,
  getUserAvailability,
  syncFolderItems,
  updateItem,
} from '../../../formats/ews/operations.js';
import { mChild, readResponse, tChild } from '../../../formats/ews/response.js';
import { checkEws, xmllintAvailable } from '../../helpers/ews-oracle.js';
import { requirePeer } from '../../helpers/peers.js';

const recorded = (name: string): string =>
  readFileSync(
    new URL(`../../fixtures/exchange-oracle/ews-recorded/${name}`, import.meta.url),
    'utf8',
  );

const event = {
  subject: 'Board <meeting> & lunch',
  body: { contentType: 'text', content: 'Agenda' },
  start: { dateTime: '2026-06-10T00:00:00', timeZone: 'UTC' },
  end: { dateTime: '2026-06-11T00:00:00', timeZone: 'UTC' },
  isAllDay: true,
  location: { displayName: 'Room 1' },
  singleValueExtendedProperties: [
    { id: 'String {5d1f1c5e-8f3a-4f0e-9a53-3c1f2b6a7e01} Name CrmRecordId', value: '42' },
  ],
};

test('every request the bridge builds validates against both schemas', (t) => {
  if (!requirePeer('xmllint', xmllintAvailable(), t)) return;
  const bodies = [
    getFolder(['calendar', 'tasks', 'contacts'], 'adele@contoso.example'),
    syncFolderItems('calendar', 'adele@contoso.example', null),
    syncFolderItems('calendar', null, 'H4sIAAAA', 9999),
    getItems(['AAMk1', 'AAMk2']),
    createItem('calendar', 'adele@contoso.example', newCalendarItem(event)),
    updateItem('AAMk1', 'DwAAAB', calendarUpdates(event)),
    deleteItem('AAMk1', 'DwAAAB'),
    getUserAvailability(
      ['a@contoso.example', 'b@contoso.example'],
      Date.UTC(2026, 5, 1),
      Date.UTC(2026, 5, 8),
    ),
  ];
  const envelopes = [
    ...bodies.map((b) => requestEnvelope(b)),
    requestEnvelope(getItems(['x']), { impersonate: 'adele@contoso.example' }),
  ];
  t.is(checkEws(envelopes), '');
  t.regex(envelopes[2] ?? '', /<m:MaxChangesReturned>512</, 'at most 512 changes');
  t.regex(envelopes[4] ?? '', /SendMeetingInvitations="SendToNone"/);
  t.regex(envelopes[5] ?? '', /ConflictResolution="AutoResolve"/);
  t.regex(envelopes[5] ?? '', /SendMeetingInvitationsOrCancellations="SendToNone"/);
  t.regex(envelopes[6] ?? '', /SendMeetingCancellations="SendToNone"/);
  t.regex(envelopes[0] ?? '', /RequestServerVersion Version="Exchange2013_SP1"/);
  t.regex(envelopes[4] ?? '', /Board &lt;meeting&gt; &amp; lunch/);
});

test('a request with a wrong element order fails the oracle (the check can fail)', (t) => {
  if (!requirePeer('xmllint', xmllintAvailable(), t)) return;
  const bad = requestEnvelope(getItems(['x'])).replace(
    /(<m:ItemShape>.*<\/m:ItemShape>)(<m:ItemIds>.*<\/m:ItemIds>)/,
    '$2$1',
  );
  t.not(checkEws([bad], ['2016']), '');
});

test('recorded responses read back: server version, sync changes, item fields', (t) => {
  const sync = readResponse(recorded('APITest.testListItemChanges.02.SyncFolderItemsResponse.xml'));
  t.like(sync.serverVersion, { major: 15, minor: 20, version: 'V2018_01_08' });
  t.is(sync.messages.length, 1);
  const message = sync.messages[0];
  t.like(message, { responseClass: 'Success', code: 'NoError' });
  const changes = mChild(message?.el, 'Changes');
  const created = tChild(tChild(changes, 'Create'), 'CalendarItem');
  t.truthy(created);
  if (!created) return;
  const json = calendarItemJson(created);
  t.like(json, {
    subject: 'Test Sync Item Changes',
    start: { dateTime: '2020-09-10T14:15:11', timeZone: 'UTC' },
    end: { dateTime: '2020-09-10T15:00:00', timeZone: 'UTC' },
    isAllDay: false,
    type: 'singleInstance',
    isOrganizer: true,
  });
  t.is(mChild(message?.el, 'IncludesLastItemInRange')?.text, 'true');
  t.is(M_NS.startsWith('http://'), true);
  t.is(T_NS.startsWith('http://'), true);
});

test('an all-day item at midnight of its zone in UTC stays whole local days', (t) => {
  const xml = `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:GetItemResponse xmlns:m="${M_NS}" xmlns:t="${T_NS}"><m:ResponseMessages><m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:CalendarItem><t:ItemId Id="A1" ChangeKey="CK1"/><t:Subject>Holiday</t:Subject><t:Start>2026-06-09T22:00:00Z</t:Start><t:End>2026-06-11T22:00:00Z</t:End><t:IsAllDayEvent>true</t:IsAllDayEvent><t:StartTimeZone Id="W. Europe Standard Time"/></t:CalendarItem></m:Items></m:GetItemResponseMessage></m:ResponseMessages></m:GetItemResponse></s:Body></s:Envelope>`;
  const item = tChild(mChild(readResponse(xml).messages[0]?.el, 'Items'), 'CalendarItem');
  if (!item) return t.fail('no item');
  t.like(calendarItemJson(item), {
    id: 'A1',
    changeKey: 'CK1',
    isAllDay: true,
    start: { dateTime: '2026-06-10T00:00:00', timeZone: 'UTC' },
    end: { dateTime: '2026-06-12T00:00:00', timeZone: 'UTC' },
  });
});

test('a throttling fault gives its BackOffMilliseconds', (t) => {
  const fault = `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="${T_NS}">a:ErrorServerBusy</faultcode><faultstring xml:lang="en-US">The server cannot service this request right now. Try again later.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode><e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The server cannot service this request right now. Try again later.</e:Message><t:MessageXml xmlns:t="${T_NS}"><t:Value Name="BackOffMilliseconds">2500</t:Value></t:MessageXml></detail></s:Fault></s:Body></s:Envelope>`;
  t.like(readResponse(fault).fault, { code: 'ErrorServerBusy', backOffMs: 2500 });
});
