// A record query that names a field the caller's profiles hide (README.md "### Roles and
// profiles") answers as vtiger 8.2 answers a field missing from the user's describe: ACCESS_DENIED
// "Permission to access <field> attribute denied." (the words VTQL uses for unknown fields,
// store/records/query-fields.ts), so a hidden field cannot be probed through WHERE or ORDER BY.
// test/gateway/rest/field-visibility.test.ts.
import type { Condition, RecordQuery } from '../../store/records/record-query.js';
import { isHidden } from '../../store/roles/field-rules.js';
import type { Actor } from '../../store/types.js';
import { wsError } from './ws-errors.js';

function conditionFields(c: Condition, out: string[]): void {
  switch (c.kind) {
    case 'and':
    case 'or':
      for (const item of c.items) conditionFields(item, out);
      return;
    case 'not':
      conditionFields(c.item, out);
      return;
    case 'owner':
      out.push('assigned_user_id');
      return;
    default:
      out.push(c.field);
  }
}

/** Throws ACCESS_DENIED when `q` names a field hidden from the actor. */
export function requireVisibleQueryFields(actor: Actor, q: RecordQuery): void {
  const rules = actor.rights?.fields;
  if (!rules?.[q.module]) return;
  const names = [...(q.columns === '*' ? [] : q.columns), ...q.orderBy.map((o) => o.field)];
  if (q.where) conditionFields(q.where, names);
  const hidden = names.find((name) => isHidden(rules, q.module, name));
  if (hidden !== undefined)
    throw wsError('ACCESS_DENIED', `Permission to access ${hidden} attribute denied.`, {
      field: hidden,
    });
}
