// The global switches of "External applications", kept in the settings table so that
// every replica and the command line see the same values, and the text every consent page shows
// (the customizable part of the consent screen besides each app's name, description and icon).
import type { SettingsRepository } from '../../store/settings.js';

export interface OAuthSettings {
  /** The authorization server answers at all. */
  readonly enabled: boolean;
  /** Non-admin users may see and renew the credentials of applications associated with them. */
  readonly usersManageSecrets: boolean;
  /** Tokens may act as administrator users (off by default: least privilege, RFC 9700 §2.3). */
  readonly allowAdminUsers: boolean;
  /** Shown on every consent page (plain text). */
  readonly consentNotice: string;
}

export const DEFAULT_OAUTH_SETTINGS: OAuthSettings = Object.freeze({
  enabled: true,
  usersManageSecrets: false,
  allowAdminUsers: false,
  consentNotice: '',
});

const KEY = 'oauth.settings';
const NOTICE_MAX = 1000;

export async function readOAuthSettings(settings: SettingsRepository): Promise<OAuthSettings> {
  const stored = await settings.get<Partial<Record<keyof OAuthSettings, unknown>>>(KEY, {});
  const flag = (name: 'enabled' | 'usersManageSecrets' | 'allowAdminUsers'): boolean =>
    typeof stored[name] === 'boolean' ? (stored[name] as boolean) : DEFAULT_OAUTH_SETTINGS[name];
  const notice =
    typeof stored.consentNotice === 'string' ? stored.consentNotice.slice(0, NOTICE_MAX) : '';
  return {
    enabled: flag('enabled'),
    usersManageSecrets: flag('usersManageSecrets'),
    allowAdminUsers: flag('allowAdminUsers'),
    consentNotice: notice,
  };
}

export async function writeOAuthSettings(
  settings: SettingsRepository,
  value: OAuthSettings,
): Promise<void> {
  await settings.set(KEY, {
    enabled: value.enabled,
    usersManageSecrets: value.usersManageSecrets,
    allowAdminUsers: value.allowAdminUsers,
    consentNotice: value.consentNotice.trim().slice(0, NOTICE_MAX),
  });
}
