// The command table of the command line. A new feature adds its nouns here.
import type { GatewayConfig } from '../../gateway/config.js';
import { BACKUP_COMMANDS } from './backup-commands.js';
import { CALDAV_LINK_COMMANDS } from './caldav-link-commands.js';
import { CARDDAV_LINK_COMMANDS } from './carddav-link-commands.js';
import { COMMERCEML_COMMANDS } from './commerceml-commands.js';
import { CURRENCY_COMMANDS } from './currency-commands.js';
import { DIRECTORY_COMMANDS } from './directory-commands.js';
import { FEED_COMMANDS } from './feed-commands.js';
import { MIGRATE_COMMANDS } from './migrate-commands.js';
import { OAUTH_COMMANDS } from './oauth-commands.js';
import { SHOP_COMMANDS } from './shop-commands.js';
import { USER_COMMANDS } from './user-commands.js';
import { WEBFORM_COMMANDS } from './webform-commands.js';

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
  ...SHOP_COMMANDS,
];
