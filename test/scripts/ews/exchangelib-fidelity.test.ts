// The EWS double checked by an independent client: python3-exchangelib (Debian) runs a scripted
// session (exchangelib-session.py) against `EwsSandbox` over Basic: create, get, update with the
// change key, a stale change key refused, sync, delete; then its own requests are validated
// against Microsoft's XSDs too.
import test from 'ava';
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EwsSandbox } from '../../../scripts/exchange-sandbox/ews/server.js';
import { requirePeer } from '../../helpers/peers.js';

const SCRIPT = fileURLToPath(new URL('./exchangelib-session.py', import.meta.url));

const exchangelib = (): boolean =>
  spawnSync('/usr/bin/python3', ['-c', 'import exchangelib']).status === 0;

function run(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile('/usr/bin/python3', [SCRIPT, ...args], { timeout: 120_000 }, (error, out, err) =>
      resolve({ code: error ? 1 : 0, out, err }),
    );
  });
}

for (const auth of ['basic', 'ntlm'] as const)
  test(`python3-exchangelib runs a session against the EWS double (${auth})`, async (t) => {
    t.timeout(180_000);
    if (!requirePeer('python3-exchangelib', exchangelib(), t)) return;
    const sandbox = new EwsSandbox();
    sandbox.addAccount({
      username: 'CONTOSO\\adele',
      password: 'Pa55-word!',
      mailbox: 'adele@contoso.example',
    });
    sandbox.seed('adele@contoso.example', 'calendar', 'CalendarItem', {
      Subject: 'Already there',
      Start: '2026-06-01T09:00:00Z',
      End: '2026-06-01T10:00:00Z',
      IsAllDayEvent: 'false',
    });
    const url = await sandbox.start();
    t.teardown(() => sandbox.stop());
    const res = await run([url, 'CONTOSO\\adele', 'Pa55-word!', 'adele@contoso.example', auth]);
    t.is(res.code, 0, res.err);
    t.deepEqual(JSON.parse(res.out), {
      initial: ['create'],
      got: {
        subject: 'From exchangelib',
        location: 'Room 7',
        start: '2026-06-10T09:00:00+00:00',
        end: '2026-06-10T10:00:00+00:00',
      },
      changekey_changed: true,
      stale: 'ErrorIrresolvableConflict',
      sync: ['create'],
      after_update: 'Renamed by exchangelib',
      after_delete: ['delete'],
    });
    if (auth === 'ntlm')
      t.true(sandbox.handshakes.length > 0 && sandbox.handshakes.every((h) => h.ok));
    const wrong = await run([url, 'CONTOSO\\adele', 'wrong', 'adele@contoso.example', auth]);
    t.is(wrong.code, 1, 'a wrong password is refused');
  });
