// The body of a delivery, in the shape Standard Webhooks recommends (standard-webhooks spec,
// "Payload structure": type, timestamp, data), with the record in the webservice shape
// (gateway/rest/README.md §4) under `data`. Polling answers a list of the same bodies.
import { findModule } from '../../store/modules/registry.js';
import type { Store } from '../../store/store.js';
import type { CrmRecord } from '../../store/types.js';
import type { HookEvent } from '../../store/hooks/types.js';
import type { FieldRulesTable } from '../../store/roles/field-rules.js';
import { presentRecords, type WsRecord } from '../rest/present.js';

export interface HookBody {
  readonly type: string;
  readonly timestamp: string;
  readonly data: WsRecord & { readonly id: string };
}

export function eventType(module: string, event: HookEvent): string {
  return `${module}.${event}`;
}

/**
 * The records in the webservice shape, by id (one batch for the reference lookups), without the
 * fields the subscriber's profile hides.
 */
export async function presentById(
  store: Store,
  records: readonly CrmRecord[],
  hidden: FieldRulesTable | null = null,
): Promise<Map<number, WsRecord>> {
  const shaped = await presentRecords(store, records, { hidden });
  return new Map(records.map((r, i) => [r.id, shaped[i] as WsRecord]));
}

export function hookBody(
  module: string,
  event: HookEvent,
  occurredAt: string,
  record: WsRecord,
): string {
  const body = {
    type: eventType(module, event),
    timestamp: `${occurredAt.replace(' ', 'T')}Z`,
    data: record,
  };
  return JSON.stringify(body);
}

export function moduleKnown(module: string): boolean {
  return findModule(module)?.kind === 'entity';
}
