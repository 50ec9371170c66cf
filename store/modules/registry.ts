// The one module registry: every protocol (describe, VTQL, CommerceML mapping, CalDAV, console)
// reads module and field metadata from here. Id prefixes follow a fresh vtiger 7/8 install
// (gateway/rest/README.md §4: Quotes 4, SalesOrder 6, Invoice 7, Calendar 9, Leads 10, Accounts 11,
// Contacts 12, Potentials 13, Products 14, HelpDesk 17, Events 18, Users 19, Groups 20,
// Currency 21, Services 26 — vtiger's 25 is ServiceContracts); modules vtiger numbers by install
// order get fixed numbers that collide with none (ModComments 31, Taxes 34, Catalogs 40). They are
// published and never change, with one exception: Services answered 25 before they took vtiger's
// 26, and `25x…` ids are still read as Services (LEGACY_PREFIXES). Stored references hold record
// ids without a prefix, so no stored data changed (test/gateway/rest/service-ids.test.ts).
// The webservice's read-only virtual modules take prefixes from the same space (gateway/rest/
// virtual/registry.ts: Rss 41, RssArticles 42); a new module here must not take those.
import { GatewayError } from '../errors.js';
import { Calendar, Events, HelpDesk, ModComments } from './defs/activities.js';
import { Catalogs, Currency, Products, Services, Taxes } from './defs/catalog.js';
import { Accounts, Contacts, Leads, Potentials } from './defs/customers.js';
import { Groups, Users } from './defs/directory.js';
import { Invoice, Quotes, SalesOrder } from './defs/inventory.js';
import { WhatsAppConversations, WhatsAppTemplates } from './defs/whatsapp.js';
import type { FieldDef, ModuleDef } from './types.js';

export const MODULES: readonly ModuleDef[] = Object.freeze([
  Users,
  Groups,
  Accounts,
  Contacts,
  Leads,
  Potentials,
  Products,
  Services,
  Catalogs,
  SalesOrder,
  Invoice,
  Quotes,
  Currency,
  Taxes,
  Calendar,
  Events,
  HelpDesk,
  ModComments,
  WhatsAppConversations,
  WhatsAppTemplates,
]);

const byName = new Map(MODULES.map((m) => [m.name, m]));
const byPrefix = new Map(MODULES.map((m) => [m.idPrefix, m]));

/** Prefixes a module answered before, still read as that module: Services were 25. */
const LEGACY_PREFIXES: ReadonlyMap<number, ModuleDef> = new Map([[25, Services]]);

export function findModule(name: string): ModuleDef | null {
  return byName.get(name) ?? null;
}

export function getModule(name: string): ModuleDef {
  const def = byName.get(name);
  if (!def) throw new GatewayError('not_found', `Module ${name} does not exist`);
  return def;
}

export function moduleByPrefix(prefix: number): ModuleDef | null {
  return byPrefix.get(prefix) ?? LEGACY_PREFIXES.get(prefix) ?? null;
}

export function entityModules(): readonly ModuleDef[] {
  return MODULES.filter((m) => m.kind === 'entity');
}

export function findField(def: ModuleDef, name: string): FieldDef | null {
  return def.fields.find((f) => f.name === name) ?? null;
}

/** Fields kept in the module's own table, in registry order. */
export function moduleColumns(def: ModuleDef): readonly FieldDef[] {
  // Asked for every row read (record-rows.ts toRecord); module definitions never change.
  let columns = columnsOf.get(def);
  if (!columns) {
    columns = def.fields.filter((f) => f.storage === 'module');
    columnsOf.set(def, columns);
  }
  return columns;
}

const columnsOf = new WeakMap<ModuleDef, readonly FieldDef[]>();
