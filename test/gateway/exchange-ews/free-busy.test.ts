// Free/busy over EWS: GetUserAvailability for the `freebusy` operation's mailboxes (the transport
// method gateway/exchange-bridge/free-busy.ts calls), free items left out, an unknown mailbox
// answered in words; the request fits Microsoft's schemas.
import test from 'ava';
import { checkEws, xmllintAvailable } from '../../helpers/ews-oracle.js';
import { requirePeer } from '../../helpers/peers.js';
import { ewsWorld, MAILBOX, outlookItem } from './fixture.js';

test('GetUserAvailability gives busy spans of each mailbox', async (t) => {
  t.timeout(120_000);
  const w = await ewsWorld();
  t.teardown(() => w.dispose());
  outlookItem(w, 'Busy', '2027-03-01T09:00:00Z', '2027-03-01T10:00:00Z');
  outlookItem(w, 'Free', '2027-03-01T14:00:00Z', '2027-03-01T15:00:00Z', {
    LegacyFreeBusyStatus: 'Free',
  });
  outlookItem(w, 'Outside', '2027-04-01T09:00:00Z', '2027-04-01T10:00:00Z');
  const connection = await w.bridge.connections.mustGet(w.connectionId);
  const transport = await w.bridge.sessions.transport(connection, MAILBOX);
  const answers = await transport.schedules([MAILBOX, 'nobody@contoso.example'], {
    startMs: Date.UTC(2027, 2, 1),
    endMs: Date.UTC(2027, 2, 2),
  });
  t.deepEqual(answers[0], {
    mailbox: MAILBOX,
    busy: [
      {
        startMs: Date.UTC(2027, 2, 1, 9),
        endMs: Date.UTC(2027, 2, 1, 10),
        status: 'busy',
      },
    ],
    error: null,
  });
  t.like(answers[1], { mailbox: 'nobody@contoso.example', busy: [] });
  t.regex(answers[1]?.error ?? '', /ErrorMailRecipientNotFound/);
  if (requirePeer('xmllint', xmllintAvailable(), t)) t.is(checkEws(w.sent), '');
});
