// The ceiling of `npm run bench:replicas`: a bare koa JSON endpoint in its own process, behind the
// same HAProxy as the replicas. Usage: tsx ping-server.ts <port>; prints "listening" when ready.
import { createBareApp } from '../../../gateway/app.js';

const port = Number(process.argv[2] ?? 0);
const server = createBareApp().listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
