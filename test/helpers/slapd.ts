// A throw-away OpenLDAP server per test (adapters/ldap/README.md §3.1): slapd.conf in a temp
// dir, a self-signed certificate for 127.0.0.1, users loaded with slapadd before start, groups
// added over LDAP after start (slapadd runs no overlays, so only live adds get memberOf).
// slapd runs in the foreground (-d 0) as our child in its own process group; stop() and the
// exit hook of process.ts always take it down. scripts/test-peers.sh installs the package.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Attribute, Change, Client } from 'ldapts';
import { ciStrict } from './peers.js';
import { run, type Child } from './process.js';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
export const BASE_DN = 'dc=example,dc=org';
const ADMIN_DN = `cn=admin,${BASE_DN}`;
const ADMIN_PASSWORD = 'adminpw';
// groupOfNames needs at least one member (RFC 4519 §3.5); this DN keeps emptied groups valid.
const PLACEHOLDER_MEMBER = `cn=nobody,${BASE_DN}`;

export interface SlapdUser {
  readonly uid: string;
  readonly password: string;
  readonly givenName?: string;
  readonly sn?: string;
  readonly mail?: string;
}

export const DEFAULT_USERS: readonly SlapdUser[] = [
  {
    uid: 'alice',
    password: 'alice-secret',
    givenName: 'Alice',
    sn: 'Archer',
    mail: 'alice@example.org',
  },
  { uid: 'bob', password: 'bob-secret', givenName: 'Bob', sn: 'Baker', mail: 'bob@example.org' },
  {
    uid: 'carol',
    password: 'carol-secret',
    givenName: 'Carol',
    sn: 'Cook',
    mail: 'carol@example.org',
  },
];

/** Default groups: cn → member uids. */
export const DEFAULT_GROUPS: Readonly<Record<string, readonly string[]>> = {
  sales: ['alice', 'bob'],
  admins: ['bob'],
};

export interface Slapd {
  readonly url: string;
  readonly ldapsUrl: string;
  readonly caCert: string;
  /** A self-signed certificate slapd does not use: pinning it must fail. */
  readonly otherCaCert: string;
  readonly baseDn: string;
  readonly peopleBase: string;
  readonly groupBase: string;
  readonly adminDn: string;
  readonly adminPassword: string;
  userDn(uid: string): string;
  groupDn(cn: string): string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: the port still accepts TCP connections, but nothing answers. */
  pause(): void;
  resume(): void;
  addUser(user: SlapdUser): Promise<string>;
  addGroup(cn: string, memberUids: readonly string[]): Promise<string>;
  deleteUser(uid: string): Promise<void>;
  setAttribute(uid: string, attribute: string, value: string): Promise<void>;
  addMember(cn: string, uid: string): Promise<void>;
  removeMember(cn: string, uid: string): Promise<void>;
}

function slapdInstalled(): boolean {
  if (!existsSync(SLAPD) || !existsSync(SLAPADD)) return false;
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function selfSigned(dir: string, name: string): string {
  const cert = path.join(dir, `${name}-cert.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      path.join(dir, `${name}-key.pem`),
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(cert, 'utf8');
}

function slapdConf(dir: string): string {
  return `include   /etc/ldap/schema/core.schema
include   /etc/ldap/schema/cosine.schema
include   /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile   ${dir}/slapd.pid
argsfile  ${dir}/slapd.args
TLSCertificateFile    ${dir}/server-cert.pem
TLSCertificateKeyFile ${dir}/server-key.pem
database  mdb
maxsize   10485760
suffix    "${BASE_DN}"
rootdn    "${ADMIN_DN}"
rootpw    ${ADMIN_PASSWORD}
directory ${dir}/db
index     objectClass,uid,mail,member eq
overlay   memberof
access to attrs=userPassword by anonymous auth by self write by * none
access to * by users read by * none
`;
}

function userLdif(u: SlapdUser): string {
  return [
    `dn: uid=${u.uid},ou=people,${BASE_DN}`,
    'objectClass: inetOrgPerson',
    `uid: ${u.uid}`,
    `cn: ${[u.givenName, u.sn ?? u.uid].filter(Boolean).join(' ')}`,
    `sn: ${u.sn ?? u.uid}`,
    ...(u.givenName ? [`givenName: ${u.givenName}`] : []),
    ...(u.mail ? [`mail: ${u.mail}`] : []),
    `userPassword: ${u.password}`,
    '',
  ].join('\n');
}

function seedLdif(users: readonly SlapdUser[]): string {
  const base = [
    `dn: ${BASE_DN}`,
    'objectClass: dcObject',
    'objectClass: organization',
    'o: Example',
    'dc: example',
    '',
    `dn: ou=people,${BASE_DN}`,
    'objectClass: organizationalUnit',
    'ou: people',
    '',
    `dn: ou=groups,${BASE_DN}`,
    'objectClass: organizationalUnit',
    'ou: groups',
    '',
  ].join('\n');
  return [base, ...users.map(userLdif)].join('\n');
}

async function withAdmin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url, timeout: 5000, connectTimeout: 5000 });
  try {
    await client.bind(ADMIN_DN, ADMIN_PASSWORD);
    return await fn(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

async function waitReady(child: Child, url: string): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
      throw new Error(
        `slapd exited (${child.proc.exitCode ?? child.proc.signalCode}) before accepting binds:\n${child.stderr()}`,
      );
    }
    try {
      await withAdmin(url, async () => undefined);
      return;
    } catch (err) {
      if (Date.now() > until)
        throw new Error(
          `slapd did not accept binds within 15 s: ${(err as Error).message}\n${child.stderr()}`,
          { cause: err },
        );
      await sleep(100);
    }
  }
}

async function stopChild(child: Child | null): Promise<void> {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const exited = await Promise.race([child.exited.then(() => true), sleep(5000).then(() => false)]);
  if (!exited) {
    child.kill('SIGKILL');
    await child.exited;
  }
}

interface Ports {
  readonly ldap: number;
  readonly ldaps: number;
}

function spawnSlapd(dir: string, ports: Ports): Child {
  const urls = `ldap://127.0.0.1:${ports.ldap}/ ldaps://127.0.0.1:${ports.ldaps}/`;
  return run(SLAPD, ['-f', path.join(dir, 'slapd.conf'), '-h', urls, '-d', '0'], {}, dir);
}

/** Starts slapd on fresh ports, retrying when a port was taken between choosing and binding. */
async function launch(dir: string): Promise<{ child: Child; ports: Ports }> {
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const ports = { ldap: await freePort(), ldaps: await freePort() };
    const child = spawnSlapd(dir, ports);
    try {
      await waitReady(child, `ldap://127.0.0.1:${ports.ldap}`);
      return { child, ports };
    } catch (err) {
      lastError = err;
      await stopChild(child);
    }
  }
  throw lastError;
}

function prepare(
  dir: string,
  users: readonly SlapdUser[],
): { caCert: string; otherCaCert: string } {
  mkdirSync(path.join(dir, 'db'));
  const caCert = selfSigned(dir, 'server');
  const otherCaCert = selfSigned(dir, 'other');
  writeFileSync(path.join(dir, 'slapd.conf'), slapdConf(dir));
  writeFileSync(path.join(dir, 'seed.ldif'), seedLdif(users));
  execFileSync(SLAPADD, ['-f', path.join(dir, 'slapd.conf'), '-l', path.join(dir, 'seed.ldif')], {
    stdio: 'pipe',
  });
  return { caCert, otherCaCert };
}

/**
 * A running slapd with DEFAULT_USERS and DEFAULT_GROUPS (or the ones given), or null when slapd
 * is not installed (under CI=true that throws instead). The caller must call stop().
 */
export async function startSlapd(
  options: {
    users?: readonly SlapdUser[];
    groups?: Readonly<Record<string, readonly string[]>>;
  } = {},
): Promise<Slapd | null> {
  if (!slapdInstalled()) {
    if (ciStrict)
      throw new Error('slapd peer missing under CI=true: run `bash scripts/test-peers.sh` as root');
    return null;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-slapd-'));
  let child: Child | null = null;
  try {
    const certs = prepare(dir, options.users ?? DEFAULT_USERS);
    const started = await launch(dir);
    child = started.child;
    const slapd = makeHandle(
      dir,
      started.ports,
      certs,
      () => child,
      (c) => {
        child = c;
      },
    );
    for (const [cn, uids] of Object.entries(options.groups ?? DEFAULT_GROUPS))
      await slapd.addGroup(cn, uids);
    return slapd;
  } catch (err) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function makeHandle(
  dir: string,
  ports: Ports,
  certs: { caCert: string; otherCaCert: string },
  current: () => Child | null,
  replace: (c: Child) => void,
): Slapd {
  const url = `ldap://127.0.0.1:${ports.ldap}`;
  const userDn = (uid: string): string => `uid=${uid},ou=people,${BASE_DN}`;
  const groupDn = (cn: string): string => `cn=${cn},ou=groups,${BASE_DN}`;
  const modify = (
    dn: string,
    operation: 'add' | 'delete' | 'replace',
    type: string,
    value: string,
  ): Promise<void> =>
    withAdmin(url, (c) =>
      c.modify(
        dn,
        new Change({ operation, modification: new Attribute({ type, values: [value] }) }),
      ),
    );
  return {
    url,
    ldapsUrl: `ldaps://127.0.0.1:${ports.ldaps}`,
    ...certs,
    baseDn: BASE_DN,
    peopleBase: `ou=people,${BASE_DN}`,
    groupBase: `ou=groups,${BASE_DN}`,
    adminDn: ADMIN_DN,
    adminPassword: ADMIN_PASSWORD,
    userDn,
    groupDn,
    stop: async () => {
      await stopChild(current());
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stopChild(current());
      const child = spawnSlapd(dir, ports);
      replace(child);
      await waitReady(child, url);
    },
    pause: () => current()?.kill('SIGSTOP'),
    resume: () => current()?.kill('SIGCONT'),
    addUser: async (u) => {
      await withAdmin(url, (c) =>
        c.add(userDn(u.uid), {
          objectClass: 'inetOrgPerson',
          uid: u.uid,
          cn: u.givenName ? `${u.givenName} ${u.sn ?? u.uid}` : u.uid,
          sn: u.sn ?? u.uid,
          ...(u.givenName ? { givenName: u.givenName } : {}),
          ...(u.mail ? { mail: u.mail } : {}),
          userPassword: u.password,
        }),
      );
      return userDn(u.uid);
    },
    addGroup: async (cn, uids) => {
      await withAdmin(url, (c) =>
        c.add(groupDn(cn), {
          objectClass: 'groupOfNames',
          cn,
          member: [PLACEHOLDER_MEMBER, ...uids.map(userDn)],
        }),
      );
      return groupDn(cn);
    },
    deleteUser: (uid) => withAdmin(url, (c) => c.del(userDn(uid))),
    setAttribute: (uid, attribute, value) => modify(userDn(uid), 'replace', attribute, value),
    addMember: (cn, uid) => modify(groupDn(cn), 'add', 'member', userDn(uid)),
    removeMember: (cn, uid) => modify(groupDn(cn), 'delete', 'member', userDn(uid)),
  };
}
