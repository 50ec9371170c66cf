// The "test connection" of the directory settings page: each step of a login, run one after the
// other, each reported in plain words so an administrator sees which setting is wrong.
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { DirectoryConfig } from './directory-config.js';
import { DirectorySession, endpointOf, tlsOptionsFor, type Endpoint } from './directory-client.js';
import { describeDirectoryError } from './directory-errors.js';
import { decideMappings } from './group-mapping.js';

export interface TestStep {
  readonly step: string;
  readonly ok: boolean;
  readonly message: string;
}

export interface DirectoryTestReport {
  readonly ok: boolean;
  readonly steps: TestStep[];
}

/** Resolves when the socket is ready; ldapts's own "Connection timeout" wording on timeout. */
function probe<S extends Socket>(
  socket: S,
  ready: 'connect' | 'secureConnect',
  ms: number,
): Promise<S> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('Connection timeout'));
    }, ms);
    socket.once(ready, () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
  });
}

async function stepConnect(ep: Endpoint, ms: number): Promise<string> {
  const socket = await probe(tcpConnect(ep.port, ep.host), 'connect', ms);
  socket.destroy();
  return `reached ${ep.where}`;
}

function describePeer(socket: TLSSocket): string {
  const cert = socket.getPeerCertificate();
  const subject = cert.subject
    ? Object.entries(cert.subject)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ')
    : 'unknown subject';
  const facts = `${subject}; valid until ${cert.valid_to ?? 'unknown'}; ${socket.getProtocol() ?? 'TLS'}`;
  // Only reachable with rejectUnauthorized off: say plainly that nothing was verified.
  if (!socket.authorized)
    return `certificate NOT verified (${String(socket.authorizationError)}; rejectUnauthorized is off) (${facts})`;
  return `certificate trusted (${facts})`;
}

async function stepTls(
  config: DirectoryConfig,
  ep: Endpoint,
): Promise<{ message: string; session: DirectorySession }> {
  if (ep.secure) {
    const socket = await probe(
      tlsConnect({ host: ep.host, port: ep.port, ...tlsOptionsFor(config, ep.host) }),
      'secureConnect',
      config.timeoutMs,
    );
    const message = `LDAPS: ${describePeer(socket)}`;
    socket.destroy();
    return { message, session: await DirectorySession.open(config) };
  }
  const session = await DirectorySession.open(config);
  const message = config.startTls
    ? `StartTLS negotiated; ${config.rejectUnauthorized ? 'the certificate is trusted' : 'the certificate was NOT verified (rejectUnauthorized is off)'}`
    : 'no TLS: passwords cross the network in clear text (use ldaps:// or StartTLS)';
  return { message, session };
}

async function stepUser(session: DirectorySession, sample: string): Promise<TestStep> {
  const found = await session.findUser(sample);
  if (found.kind === 'none')
    return {
      step: 'user',
      ok: false,
      message: `no user "${sample}" under ${session.config.userBase} matching the user filter`,
    };
  if (found.kind === 'many')
    return {
      step: 'user',
      ok: false,
      message: `"${sample}" matches more than one entry: make the user filter more specific`,
    };
  const groups = await session.groupsOf(found.person);
  const decision = decideMappings(session.config.groupMappings, groups);
  const parts = [
    `found ${found.person.dn}`,
    `login ${found.person.login ?? `(no ${session.config.loginAttribute})`}`,
    `id ${found.person.id ?? `(no ${session.config.attributes.id})`}`,
    `groups: ${groups.length > 0 ? groups.join('; ') : 'none'}`,
    `gateway groups: ${decision.wantedGroups.length > 0 ? decision.wantedGroups.join(', ') : 'none'}`,
    ...(decision.admin === null ? [] : [`admin: ${decision.admin ? 'yes' : 'no'}`]),
  ];
  return { step: 'user', ok: found.person.login !== null, message: parts.join('; ') };
}

type StepResult = { message: string; session?: DirectorySession } | TestStep;
type StepRunner = (session: DirectorySession | null) => Promise<StepResult>;

/** Steps after 'tls' run on the session it opened; they are not run when it failed. */
function onSession(fn: (s: DirectorySession) => Promise<StepResult>): StepRunner {
  return async (s) => {
    if (!s) throw new Error('no connection');
    return fn(s);
  };
}

/** Runs connect → tls → bind → search [→ user]; after a failure the rest are reported as not run. */
export async function runDirectoryTest(
  config: DirectoryConfig,
  sampleUser?: string,
): Promise<DirectoryTestReport> {
  const ep = endpointOf(config);
  const runners: [string, StepRunner][] = [
    ['connect', async () => ({ message: await stepConnect(ep, config.timeoutMs) })],
    ['tls', async () => stepTls(config, ep)],
    [
      'bind',
      onSession(async (s) => {
        await s.bindService();
        return {
          message:
            config.bindDn === ''
              ? 'anonymous bind (no service account configured)'
              : `bound as ${config.bindDn}`,
        };
      }),
    ],
    [
      'search',
      onSession(async (s) => {
        await s.readBase(config.userBase);
        return { message: `user base ${config.userBase} exists and is readable` };
      }),
    ],
  ];
  if (sampleUser) runners.push(['user', onSession((s) => stepUser(s, sampleUser))]);
  return runSteps(runners, config, ep);
}

async function runSteps(
  runners: [string, StepRunner][],
  config: DirectoryConfig,
  ep: Endpoint,
): Promise<DirectoryTestReport> {
  const steps: TestStep[] = [];
  let session: DirectorySession | null = null;
  let failed = false;
  try {
    for (const [step, run] of runners) {
      if (failed) {
        steps.push({ step, ok: false, message: 'not run (an earlier step failed)' });
        continue;
      }
      try {
        const result = await run(session);
        if ('session' in result && result.session) session = result.session;
        steps.push('step' in result ? result : { step, ok: true, message: result.message });
        failed = 'step' in result && !result.ok;
      } catch (err) {
        steps.push({
          step,
          ok: false,
          message: describeDirectoryError(err, ep.where, config.timeoutMs),
        });
        failed = true;
      }
    }
  } finally {
    await session?.close();
  }
  return { ok: steps.every((s) => s.ok), steps };
}
