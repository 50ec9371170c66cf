// The "WhatsApp" console page (gateway/whatsapp/README.md §1, §4): channels with their state and
// never their secrets, a send refused outside the window with the reason and nothing stored.
import test from 'ava';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { TOKEN, APP_SECRET, configureChannel } from '../../helpers/whatsapp.js';

test('admins see channels and their state; a send outside the window is refused', async (t) => {
  t.timeout(60_000);
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const channel = await configureChannel(gw.whatsapp, 'http://127.0.0.1:9');
  await gw.whatsapp.channels.setFault(channel.id, 'Error validating access token (code 190)');
  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const list = await admin.get('/console/whatsapp');
  t.is(list.status, 200);
  const html = await list.text();
  t.regex(html, /106540352242922/);
  t.regex(html, /paused: Error validating access token \(code 190\)/);
  t.false(html.includes(TOKEN));
  t.false(html.includes(APP_SECRET));
  await gw.whatsapp.channels.setFault(channel.id, null);
  const sent = await admin.post('/console/whatsapp/send', {
    _csrf: ConsoleClient.csrfOf(html),
    channelId: String(channel.id),
    to: '+16505551234',
    text: 'Hello',
  });
  t.is(sent.status, 303);
  const after = await (await admin.get('/console/whatsapp')).text();
  t.regex(after, /Not sent: outside the 24-hour customer-service window/);
  t.is(await gw.whatsapp.messages.count(), 0);
});
