// The migrations in order, imported statically so that they run the same from TypeScript
// sources (tests, CLI) and from the compiled dist/ (npm start, the Docker image).
import type { Knex } from 'knex';
import * as core from './0001-core.js';
import * as consoleDirectory from './0002-console-directory.js';
import * as webserviceSessions from './0003-webservice-sessions.js';
import * as webforms from './0004-webforms.js';
import * as feeds from './0005-feeds.js';
import * as oauth from './0006-oauth.js';
import * as commerceml from './0007-commerceml.js';
import * as caldav from './0008-caldav.js';
import * as commercemlStock from './0009-commerceml-stock.js';
import * as caldavProps from './0010-caldav-props.js';
import * as caldavLinks from './0011-caldav-links.js';
import * as caldavLinkLease from './0012-caldav-link-lease.js';
import * as commercemlWarehouses from './0013-commerceml-warehouses.js';
import * as bridgeLinks from './0014-bridge-links.js';
import * as productVariantFields from './0015-product-variant-fields.js';
import * as loginAddresses from './0016-login-addresses.js';
import * as sealedAccessKeys from './0017-sealed-access-keys.js';
import * as carddavCards from './0018-carddav-cards.js';
import * as webPush from './0019-web-push.js';
import * as restHooks from './0020-rest-hooks.js';
import * as rolesProfiles from './0021-roles-profiles.js';
import * as whatsappBusiness from './0022-whatsapp-business.js';
import * as inventoryLineDetails from './0023-inventory-line-details.js';
import * as exchangeBridge from './0024-exchange-bridge.js';
import * as shopConnections from './0025-shop-connections.js';
import * as profileFields from './0026-profile-fields.js';
import * as cmlWorkFiles from './0027-cml-work-files.js';
import * as changeLogPending from './0028-change-log-pending.js';
import * as exchangeEws from './0029-exchange-ews.js';
import * as shopPicturesSessions from './0030-shop-pictures-sessions.js';
import * as cmlEndpointConnection from './0031-cml-endpoint-connection.js';
import * as hookEventVariants from './0032-hook-event-variants.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: ReadonlyArray<readonly [string, Migration]> = [
  ['0001-core', core],
  ['0002-console-directory', consoleDirectory],
  ['0003-webservice-sessions', webserviceSessions],
  ['0004-webforms', webforms],
  ['0005-feeds', feeds],
  ['0006-oauth', oauth],
  ['0007-commerceml', commerceml],
  ['0008-caldav', caldav],
  ['0009-commerceml-stock', commercemlStock],
  ['0010-caldav-props', caldavProps],
  ['0011-caldav-links', caldavLinks],
  ['0012-caldav-link-lease', caldavLinkLease],
  ['0013-commerceml-warehouses', commercemlWarehouses],
  ['0014-bridge-links', bridgeLinks],
  ['0015-product-variant-fields', productVariantFields],
  ['0016-login-addresses', loginAddresses],
  ['0017-sealed-access-keys', sealedAccessKeys],
  ['0018-carddav-cards', carddavCards],
  ['0019-web-push', webPush],
  ['0020-rest-hooks', restHooks],
  ['0021-roles-profiles', rolesProfiles],
  ['0022-whatsapp-business', whatsappBusiness],
  ['0023-inventory-line-details', inventoryLineDetails],
  ['0024-exchange-bridge', exchangeBridge],
  ['0025-shop-connections', shopConnections],
  ['0026-profile-fields', profileFields],
  ['0027-cml-work-files', cmlWorkFiles],
  ['0028-change-log-pending', changeLogPending],
  ['0029-exchange-ews', exchangeEws],
  ['0030-shop-pictures-sessions', shopPicturesSessions],
  ['0031-cml-endpoint-connection', cmlEndpointConnection],
  ['0032-hook-event-variants', hookEventVariants],
];

/** Every migration this code knows, oldest first (store/schema-version.ts compares them). */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map(([name]) => name);

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(MIGRATIONS.map(([name]) => name)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return Promise.resolve(found[1]);
  },
};
