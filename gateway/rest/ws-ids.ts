// Webservice ids `<idPrefix>x<id>` (gateway/rest/README.md §4): the prefix is the module's
// published webservice entity id (19 Users, 20 Groups, 12 Contacts …), never changed.
import { moduleByPrefix } from '../../store/modules/registry.js';
import type { ModuleDef } from '../../store/modules/types.js';
import type { Owner } from '../../store/types.js';
import { wsError } from './ws-errors.js';

export const USERS_PREFIX = 19;
export const GROUPS_PREFIX = 20;

const WS_ID = /^(\d{1,9})x(\d{1,15})$/;

export interface WsId {
  readonly prefix: number;
  readonly id: number;
}

export function formatId(prefix: number, id: number): string {
  return `${prefix}x${id}`;
}

export function ownerId(owner: Owner): string {
  return formatId(owner.kind === 'group' ? GROUPS_PREFIX : USERS_PREFIX, owner.id);
}

/** `12x5` → parts, or null when the text is not an id at all. */
export function parseWsId(text: unknown): WsId | null {
  if (typeof text !== 'string') return null;
  const m = WS_ID.exec(text.trim());
  if (!m) return null;
  const id = Number(m[2]);
  return Number.isSafeInteger(id) && id > 0 ? { prefix: Number(m[1]), id } : null;
}

const DENIED_FOR_ID = 'Permission to perform the operation is denied for id';

/**
 * An id parameter of retrieve/update/revise/delete/retrieve_related: malformed (`abc`, empty,
 * missing, `12x-1`) or an unknown prefix → ACCESS_DENIED "… denied for id", because vtiger looks
 * the prefix up before anything else (§2; test/gateway/rest/malformed-ids.test.ts).
 */
export function requireWsId(text: unknown): { def: ModuleDef; id: number; text: string } {
  const parsed = parseWsId(text);
  if (!parsed)
    throw wsError(
      'ACCESS_DENIED',
      `${DENIED_FOR_ID}: expected <module prefix>x<number>, got "${String(text ?? '').slice(0, 40)}"`,
    );
  const def = moduleByPrefix(parsed.prefix);
  if (!def) throw wsError('ACCESS_DENIED', DENIED_FOR_ID);
  return { def, id: parsed.id, text: formatId(parsed.prefix, parsed.id) };
}

/** assigned_user_id: `19x<user>` or `20x<group>`. */
export function parseOwner(text: unknown): Owner | null {
  const parsed = parseWsId(text);
  if (!parsed) return null;
  if (parsed.prefix === USERS_PREFIX) return { kind: 'user', id: parsed.id };
  if (parsed.prefix === GROUPS_PREFIX) return { kind: 'group', id: parsed.id };
  return null;
}
