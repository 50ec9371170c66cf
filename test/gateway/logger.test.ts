import test from 'ava';
import { Writable } from 'node:stream';
import { createLogger } from '../../gateway/logger.js';

test('logs are JSON with secrets redacted', (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger('info', sink);
  log.info(
    {
      req: { headers: { authorization: 'Basic YWRtaW46c2VjcmV0', cookie: 'gw_session=abc' } },
      user: { password: 'hunter22', accessKey: 'k3y', name: 'ok' },
      token: 't0k',
    },
    'hello',
  );
  const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
  const text = lines.join('');
  for (const secret of ['YWRtaW46c2VjcmV0', 'gw_session=abc', 'hunter22', 'k3y', 't0k'])
    t.false(text.includes(secret), secret);
  t.is(entry.msg, 'hello');
  t.regex(text, /"name":"ok"/);
  t.regex(text, /\[redacted\]/);
});
