// The pure rules of the authorization server: who may use an application (active user, the
// admin-users switch, restriction to users and groups) and how scopes narrow (RFC 6749 §3.3),
// and which redirect URLs may be registered (RFC 8252 §7, RFC 9700 §2.6).
import test from 'ava';
import { userRefusal } from '../../../gateway/oauth/access.js';
import { checkRedirectUri } from '../../../gateway/oauth/registration.js';
import { grantableScope, parseScopeChoice, scopeCovers } from '../../../gateway/oauth/scopes.js';
import { DEFAULT_OAUTH_SETTINGS } from '../../../gateway/oauth/settings.js';
import type { OAuthClient } from '../../../store/oauth/types.js';
import type { User } from '../../../store/types.js';

const user = (over: Partial<User> = {}): User => ({
  id: 7,
  userName: 'u',
  firstName: null,
  lastName: 'U',
  email: null,
  isAdmin: false,
  status: 'Active',
  timeZone: 'UTC',
  authSource: 'local',
  accessKey: 'k',
  createdAt: '',
  modifiedAt: '',
  directoryDn: null,
  directoryId: null,
  lastLoginAt: null,
  ...over,
});

const app = (over: Partial<OAuthClient> = {}): OAuthClient => ({
  id: 'app_x',
  name: 'X',
  description: null,
  iconUrl: null,
  type: 'web',
  authMethod: 'client_secret',
  scope: 'read write',
  redirectUris: [],
  offlineAccess: false,
  userId: 1,
  restricted: false,
  allowedUserIds: [],
  allowedGroupIds: [],
  active: true,
  createdAt: '',
  updatedAt: '',
  ...over,
});

test('who may use an application', (t) => {
  const s = DEFAULT_OAUTH_SETTINGS;
  t.is(userRefusal(s, app(), user(), []), null);
  t.regex(userRefusal(s, app(), user({ status: 'Inactive' }), []) ?? '', /not active/);
  t.regex(userRefusal(s, app(), user({ isAdmin: true }), []) ?? '', /administrator/);
  t.is(userRefusal({ ...s, allowAdminUsers: true }, app(), user({ isAdmin: true }), []), null);
  const restricted = app({ restricted: true, allowedUserIds: [8], allowedGroupIds: [3] });
  t.regex(userRefusal(s, restricted, user(), [1, 2]) ?? '', /not available/);
  t.is(userRefusal(s, restricted, user(), [3]), null, 'a member of an allowed group');
  t.is(userRefusal(s, restricted, user({ id: 8 }), []), null, 'an allowed user');
  t.is(
    userRefusal(s, { ...restricted, type: 'service' }, user(), []),
    null,
    'a service account acts as its own user',
  );
});

test('scopes narrow but never widen; unknown scopes are refused', (t) => {
  t.is(grantableScope('read write', undefined), 'read write');
  t.is(grantableScope('read write', ['read']), 'read');
  t.is(grantableScope('read', ['read', 'write']), null);
  t.is(grantableScope('read write', ['openid']), null);
  t.is(grantableScope('write', ['write']), 'write');
  t.true(scopeCovers('read write', 'read'));
  t.false(scopeCovers('read', 'read write'));
  t.deepEqual(['read', 'write', 'read-write', 'read/write', 'admin'].map(parseScopeChoice), [
    'read',
    'write',
    'read write',
    'read write',
    null,
  ]);
});

test('redirect URLs: https, http only on loopback, reverse-domain schemes for native apps, no fragments or wildcards', (t) => {
  t.is(checkRedirectUri('https://app.example.com/cb?x=1', 'web'), 'https://app.example.com/cb?x=1');
  t.is(checkRedirectUri('http://127.0.0.1:8765/cb', 'web'), 'http://127.0.0.1:8765/cb');
  t.is(checkRedirectUri('http://[::1]:8765/cb', 'native'), 'http://[::1]:8765/cb');
  t.is(
    checkRedirectUri('com.example.app:/oauth2redirect', 'native'),
    'com.example.app:/oauth2redirect',
  );
  for (const [uri, type] of [
    ['http://app.example.com/cb', 'web'],
    ['com.example.app:/cb', 'web'],
    ['myapp:/cb', 'native'],
    ['https://a.example/cb#x', 'web'],
    ['https://*.example.com/cb', 'web'],
    ['https://u:p@a.example/cb', 'web'],
    ['/relative', 'web'],
    ['javascript:alert(1)', 'native'],
  ] as const) {
    t.throws(() => checkRedirectUri(uri, type), { instanceOf: Error }, uri);
  }
});
