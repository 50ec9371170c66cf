// Settings validation, presets, masking, and the pure helpers (escaping, GUIDs, group mapping,
// plain-word errors). No directory needed.
import test from 'ava';
import {
  DEFAULT_DIRECTORY_CONFIG,
  PRESETS,
  validateDirectoryConfig,
  type DirectoryConfig,
} from '../../../adapters/ldap/directory-config.js';
import { adBindReason, describeDirectoryError } from '../../../adapters/ldap/directory-errors.js';
import { DirectoryService } from '../../../adapters/ldap/directory-service.js';
import {
  mergeDirectoryConfig,
  parseStoredConfig,
  publicView,
} from '../../../adapters/ldap/directory-settings.js';
import { guidToString } from '../../../adapters/ldap/entry.js';
import {
  allUsersFilter,
  fillFilter,
  loginInputProblem,
  userFilterFor,
} from '../../../adapters/ldap/filters.js';
import { decideMappings } from '../../../adapters/ldap/group-mapping.js';
import { GatewayError } from '../../../store/errors.js';
import { sqliteStore } from '../../helpers/store.js';

const VALID: DirectoryConfig = {
  ...DEFAULT_DIRECTORY_CONFIG,
  enabled: true,
  url: 'ldap://dc.example.org:389',
  startTls: true,
  bindDn: 'cn=svc,dc=example,dc=org',
  bindPassword: 'svc-secret',
  userBase: 'ou=people,dc=example,dc=org',
};

function settingOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (
      err instanceof GatewayError &&
      err.kind === 'invalid_input' &&
      err.message.startsWith(`${String(err.details['setting'])}: `)
    )
      return err.message;
    throw err;
  }
  return undefined;
}

test('a complete configuration validates', (t) => {
  t.is(validateDirectoryConfig(VALID), VALID);
  t.notThrows(() =>
    validateDirectoryConfig({ ...VALID, url: 'ldaps://dc.example.org', startTls: false }),
  );
});

test('each bad setting gives invalid_input naming it', (t) => {
  const cases: [Partial<DirectoryConfig>, RegExp][] = [
    [{ url: 'http://dc.example.org' }, /^url: .*ldap:\/\/ or ldaps:\/\//],
    [{ url: 'not a url' }, /^url: not a URL/],
    [{ url: 'ldap://dc.example.org/dc=example' }, /^url: only scheme, host and port/],
    [{ url: 'ldaps://dc.example.org:636' }, /^startTls: .*already encrypted/],
    [{ url: '' }, /^url: required/],
    [{ userBase: ' ' }, /^userBase: required/],
    [{ userFilter: '(uid=jdoe)' }, /^userFilter: .*must contain \{\{username\}\}/],
    [{ userFilter: 'uid={{username}}' }, /^userFilter: .*starts with "\("/],
    [{ userFilter: '(&(uid={{username}})(objectClass=person)' }, /^userFilter: /],
    [{ upnFilter: '(userPrincipalName=x)' }, /^upnFilter: /],
    [
      { groupBase: 'ou=groups,dc=example,dc=org', groupFilter: '(member=x)' },
      /^groupFilter: .*\{\{dn\}\}/,
    ],
    [{ bindPassword: '' }, /^bindPassword: required when bindDn is set/],
    [{ caCert: 'not pem' }, /^caCert: expected PEM/],
    [{ loginAttribute: 'uid)(x' }, /^loginAttribute: /],
    [{ attributes: { ...VALID.attributes, email: '' } }, /^attributes.email: /],
    [
      { groupMappings: [{ directoryGroup: '', gatewayGroup: 'Sales', admin: false }] },
      /^groupMappings\[0\]: .*empty/,
    ],
    [
      { groupMappings: [{ directoryGroup: 'cn=x', gatewayGroup: null, admin: false }] },
      /^groupMappings\[0\]: maps to neither/,
    ],
    [{ timeoutMs: 10 }, /^timeoutMs: /],
    [{ syncIntervalSeconds: 5 }, /^syncIntervalSeconds: /],
  ];
  for (const [change, expected] of cases) {
    t.regex(
      settingOf(() => validateDirectoryConfig({ ...VALID, ...change })) ?? 'no error',
      expected,
      JSON.stringify(change),
    );
  }
});

test('a disabled configuration may be incomplete, but what is set must still be valid', (t) => {
  t.notThrows(() => validateDirectoryConfig(DEFAULT_DIRECTORY_CONFIG));
  t.regex(
    settingOf(() => validateDirectoryConfig({ ...DEFAULT_DIRECTORY_CONFIG, url: 'ftp://x' })) ?? '',
    /^url: /,
  );
});

test('presets: AD uses sAMAccountName, excludes disabled accounts, reads memberOf and objectGUID; OpenLDAP uid/entryUUID', (t) => {
  const ad = mergeDirectoryConfig(VALID, {}, 'ad');
  t.is(
    ad.userFilter,
    '(&(objectCategory=person)(objectClass=user)(sAMAccountName={{username}})(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
  );
  t.is(ad.loginAttribute, 'sAMAccountName');
  t.true(ad.useMemberOf);
  t.is(ad.attributes.id, 'objectGUID');
  t.is(userFilterFor(ad, 'jdoe'), ad.userFilter.replace('{{username}}', 'jdoe'));
  t.regex(userFilterFor(ad, 'jdoe@corp.example'), /\(userPrincipalName=jdoe@corp\.example\)/);
  t.is(allUsersFilter(ad), ad.userFilter.replace('{{username}}', '*'));
  const ol = mergeDirectoryConfig(ad, { loginAttribute: 'cn' }, 'openldap');
  t.deepEqual(ol.attributes, PRESETS.openldap.attributes);
  t.is(ol.loginAttribute, 'cn', 'explicit settings win over the preset');
  t.is(userFilterFor(ol, 'a@b'), '(&(objectClass=inetOrgPerson)(uid=a@b))');
});

test('RFC 4515 escaping: every special character of the input becomes \\XX', (t) => {
  t.is(fillFilter('(uid={{username}})', '{{username}}', '*)(uid=*'), '(uid=\\2a\\29\\28uid=\\2a)');
  t.is(fillFilter('(uid={{username}})', '{{username}}', 'a\\b\u0000'), '(uid=a\\5cb\\00)');
  t.is(
    fillFilter('(uid={{username}})', '{{username}}', "$&$'"),
    "(uid=$&$')",
    'no String.replace patterns',
  );
  t.is(
    fillFilter('(|(uid={{username}})(mail={{username}}))', '{{username}}', 'x*'),
    '(|(uid=x\\2a)(mail=x\\2a))',
  );
  t.is(
    fillFilter('(uid={{username}})', '{{username}}', 'José'),
    '(uid=José)',
    'UTF-8 stays (RFC 4515 UTFMB)',
  );
});

test('logins refused before any bind: empty password (RFC 4513 §5.1.2), empty, overlong or control-character names', (t) => {
  t.regex(loginInputProblem('alice', '') ?? '', /unauthenticated bind/);
  t.truthy(loginInputProblem('', 'pw'));
  t.truthy(loginInputProblem('a'.repeat(257), 'pw'));
  t.truthy(loginInputProblem('ali\u0000ce', 'pw'));
  t.is(loginInputProblem('alice', 'pw'), null);
});

test('objectGUID bytes are shown the way AD shows them', (t) => {
  const bytes = Buffer.from('33221100554477668899aabbccddeeff', 'hex');
  t.is(guidToString(bytes), '00112233-4455-6677-8899-aabbccddeeff');
});

test('group mapping: case-insensitive DNs, only mapped groups managed, admin only when a mapping grants it', (t) => {
  const mappings = [
    { directoryGroup: 'CN=Sales,OU=Groups,DC=example,DC=org', gatewayGroup: 'Sales', admin: false },
    { directoryGroup: 'cn=admins,ou=groups,dc=example,dc=org', gatewayGroup: null, admin: true },
    {
      directoryGroup: 'cn=support,ou=groups,dc=example,dc=org',
      gatewayGroup: 'Support',
      admin: false,
    },
  ];
  const d = decideMappings(mappings, [
    'cn=sales, ou=groups, dc=example, dc=org',
    'cn=other,dc=example,dc=org',
  ]);
  t.deepEqual([...d.managedGroups].sort(), ['Sales', 'Support']);
  t.deepEqual(d.wantedGroups, ['Sales']);
  t.is(d.admin, false);
  t.true(decideMappings(mappings, ['CN=ADMINS,OU=GROUPS,DC=EXAMPLE,DC=ORG']).admin === true);
  t.is(decideMappings([mappings[0]!], []).admin, null, 'no admin mapping: admin flag left alone');
});

test('failures in plain words: AD bind sub-codes, refused, timeout, certificate', (t) => {
  t.is(
    adBindReason(
      '80090308: LdapErr: DSID-0C09042F, comment: AcceptSecurityContext error, data 52e, v2580',
    ),
    'wrong password (AD data 52e)',
  );
  t.is(adBindReason('... data 775, v4563'), 'account locked out (AD data 775)');
  t.is(adBindReason('... data 532, v4563'), 'password expired (AD data 532)');
  t.is(adBindReason('no sub-code'), null);
  t.regex(
    describeDirectoryError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'h:389',
      5000,
    ),
    /connection refused by h:389/,
  );
  t.regex(
    describeDirectoryError(new Error('BindRequest: Operation timed out'), 'h:389', 1500),
    /did not answer within 1500 ms/,
  );
  t.regex(
    describeDirectoryError(
      Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      'h:636',
      5000,
    ),
    /certificate not trusted/,
  );
  t.regex(
    describeDirectoryError(
      Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
      'dc.nowhere:389',
      5000,
    ),
    /host not found/,
  );
});

test('stored settings: wrong types fall back to defaults; the public view masks the password', async (t) => {
  const parsed = parseStoredConfig({
    enabled: 'yes',
    url: 'ldap://x',
    timeoutMs: '9',
    groupMappings: [{ directoryGroup: 'cn=a', admin: true }],
    attributes: { email: 'mail2' },
  });
  t.false(parsed.enabled);
  t.is(parsed.url, 'ldap://x');
  t.is(parsed.timeoutMs, 5000);
  t.deepEqual(parsed.groupMappings, [{ directoryGroup: 'cn=a', gatewayGroup: null, admin: true }]);
  t.is(parsed.attributes.email, 'mail2');
  t.is(parsed.attributes.id, 'entryUUID');
  const view = publicView(VALID);
  t.is(view.bindPassword, '********');
  t.false(JSON.stringify(view).includes('svc-secret'));
});

test('configure saves under directory.config, keeps the stored password when none is given, never shows it', async (t) => {
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const service = new DirectoryService(ts.store);
  t.false(await service.enabled());
  t.is(await service.authenticate('alice', 'pw'), null, 'disabled: no directory login');
  const { enabled, url, startTls, bindDn, bindPassword, userBase } = VALID;
  const shown = await service.configure(
    { enabled, url, startTls, bindDn, bindPassword, userBase },
    'ad',
  );
  t.is(shown.bindPassword, '********');
  t.is(shown.loginAttribute, 'sAMAccountName');
  await service.configure({ timeoutMs: 2000 });
  t.is((await service.config()).bindPassword, 'svc-secret');
  t.is((await service.config()).timeoutMs, 2000);
  t.false(JSON.stringify(await service.publicConfig()).includes('svc-secret'));
  const stored = await ts.store.settings.get<{ url?: string }>('directory.config', {});
  t.is(stored.url, VALID.url);
  await t.throwsAsync(service.configure({ url: 'ldaps://x', startTls: true }), {
    instanceOf: GatewayError,
    message: /^startTls: /,
  });
  t.is((await service.config()).url, VALID.url, 'an invalid change is not saved');
  await service.configure({ enabled: false });
  await t.throwsAsync(service.sync(), { instanceOf: GatewayError, message: /disabled/ });
});
