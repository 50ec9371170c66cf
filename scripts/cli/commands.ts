// The command table of the command line. A new feature adds its nouns here.
import type { GatewayConfig } from '../../gateway/config.js';
import { BACKUP_COMMANDS } from './backup-commands.js';
import { CALDAV_LINK_COMMANDS } from './caldav-link-commands.js';
import { CARDDAV_LINK_COMMANDS } from './carddav-link-commands.js';
import { COMMERCEML_COMMANDS } from './commerceml-commands.js';
import { CURRENCY_COMMANDS } from './currency-commands.js';
import { DIRECTORY_COMMANDS } from './directory-commands.js';
import { EXCHANGE_COMMANDS } from './exchange-commands.js';
import { FEED_COMMANDS } from './feed-commands.js';
import { HOOK_COMMANDS } from './hook-commands.js';
import { MIGRATE_COMMANDS } from './migrate-commands.js';
import { OAUTH_COMMANDS } from './oauth-commands.js';
import { PUSH_COMMANDS } from './push-commands.js';
import { ROLE_COMMANDS } from './role-commands.js';
import { SHARING_COMMANDS } from './sharing-commands.js';
import { SHOP_COMMANDS } from './shop-commands.js';
import { USER_COMMANDS } from './user-commands.js';
import { WEBFORM_COMMANDS } from './webform-commands.js';
import { WHATSAPP_COMMANDS } from './whatsapp-commands.js';

export interface CommandContext {
  readonly config: GatewayConfig;
}

export interface Command {
  readonly noun: string;
  /** null for single-word commands (`backup --to F`). */
  readonly verb: string | null;
  readonly usage: string;
  run(args: readonly string[], context: CommandContext): Promise<unknown>;
}

export const COMMANDS: readonly Command[] = [
  ...USER_COMMANDS,
  ...ROLE_COMMANDS,
  ...SHARING_COMMANDS,
  ...BACKUP_COMMANDS,
  ...MIGRATE_COMMANDS,
  ...DIRECTORY_COMMANDS,
  ...FEED_COMMANDS,
  ...WEBFORM_COMMANDS,
  ...OAUTH_COMMANDS,
  ...COMMERCEML_COMMANDS,
  ...CURRENCY_COMMANDS,
  ...CALDAV_LINK_COMMANDS,
  ...CARDDAV_LINK_COMMANDS,
  ...PUSH_COMMANDS,
  ...HOOK_COMMANDS,
  ...WHATSAPP_COMMANDS,
  ...EXCHANGE_COMMANDS,
  ...SHOP_COMMANDS,
];
