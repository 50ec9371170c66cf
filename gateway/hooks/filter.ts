// A subscription's filter is the WHERE part of a VTQL query (gateway/rest/README.md §3 and §8),
// compiled by the webservice's own parser against the subscription's module, so a filter accepts
// exactly what `SELECT * FROM <module> WHERE <filter>;` accepts and names fields the same way.
import { GatewayError } from '../../store/errors.js';
import type { Condition } from '../../store/records/record-query.js';
import { parseVtql } from '../rest/vtql/parser.js';
import { toRecordQuery } from '../rest/vtql/to-record-query.js';

export const MAX_FILTER_LENGTH = 2000;

export function compileFilter(module: string, filter: string | null): Condition | null {
  if (filter === null || filter.trim() === '') return null;
  if (filter.length > MAX_FILTER_LENGTH)
    throw new GatewayError(
      'invalid_input',
      `filter is longer than ${MAX_FILTER_LENGTH} characters`,
    );
  try {
    return compile(module, filter);
  } catch (err) {
    // The webservice words an unknown field as vtiger's ACCESS_DENIED; here it is bad input.
    if (err instanceof GatewayError && err.kind !== 'internal')
      throw new GatewayError('invalid_input', `filter: ${err.message}`);
    throw err;
  }
}

function compile(module: string, filter: string): Condition | null {
  const ast = parseVtql(`SELECT * FROM ${module} WHERE ${filter};`, { extensions: true });
  if (ast.orderBy.length > 0 || ast.limit !== null)
    throw new GatewayError(
      'invalid_input',
      'filter is a WHERE condition only, without ORDER BY or LIMIT',
    );
  return toRecordQuery(ast).where;
}
