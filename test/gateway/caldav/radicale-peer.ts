// Radicale (Debian), the reference CalDAV server, started on a free loopback port for cross-checks;
// the benchmark starts it the same way.
export { startRadicale, type Radicale } from '../../../scripts/bench/caldav/radicale.js';
