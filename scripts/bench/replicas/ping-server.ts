// The ceiling of `npm run bench:replicas`: a bare koa JSON endpoint in its own process, behind the
// same HAProxy as the replicas. Usage: tsx ping-server.ts <port>; prints "listening" when ready.
import Koa from 'koa';

const port = Number(process.argv[2] ?? 0);
const app = new Koa();
app.use((ctx) => {
  ctx.body = { ok: true };
});
const server = app.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
