// The raw text of a remote item as Graph JSON, shared by the event and mailbox mappings: text
// that is not JSON is noted in the mapping's skipped list and left out, so one bad item never
// stops a sync run (sync/providers/exchange/README.md).
import type { GraphJson } from './transport.js';

/** `raw` parsed, or null after noting it in `skipped`. */
export function parseRawItem(raw: string, skipped: string[]): GraphJson | null {
  try {
    return JSON.parse(raw) as GraphJson;
  } catch {
    skipped.push('an item that is not JSON');
    return null;
  }
}
