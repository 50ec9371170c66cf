// relatedtypes (gateway/rest/README.md §2, vtiger ≥7.0): the related lists of a module, keyed by
// relation label; isEntity is the database string "1" there, unlike listtypes' boolean.
import type { OpContext } from '../deps.js';
import { text } from '../params.js';
import { namedModule } from '../record-access.js';
import { relationsOf } from '../relations.js';

export async function relatedTypes(ctx: OpContext): Promise<unknown> {
  const relations = relationsOf(namedModule(text(ctx.params, 'elementType')));
  return {
    types: relations.map((r) => r.module.name),
    information: Object.fromEntries(
      relations.map((r) => [r.label, { name: r.module.name, label: r.label, isEntity: '1' }]),
    ),
  };
}
