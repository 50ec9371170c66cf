// The two Products fields that tell a variant from a product (store/modules/defs/catalog.ts):
// parent_product_id and variant_properties, written from product_variants (migration 0009) so
// REST, VTQL and the console read them as ordinary fields (gateway/commerceml/README.md §2.3).
// Only Products has them: a variant of a Services record keeps its row in product_variants alone.
import type { Knex } from 'knex';

/** ХарактеристикиТовара as one line: "Размер: 41; Цвет: черный". */
export function variantPropertiesText(properties: readonly (readonly [string, string])[]): string {
  return properties.map(([name, value]) => `${name}: ${value}`).join('; ');
}

export interface VariantFields {
  readonly variantId: number;
  readonly productId: number;
  readonly properties: readonly (readonly [string, string])[];
}

export async function writeVariantFields(
  knex: Knex,
  rows: readonly VariantFields[],
): Promise<void> {
  for (const r of rows)
    await knex('mod_products')
      .where({ id: r.variantId })
      .update({
        parent_product_id: r.productId,
        variant_properties:
          r.properties.length > 0 ? variantPropertiesText(r.properties).slice(0, 4000) : null,
      });
}

/** Parses product_variants.properties (JSON [[name, value], …]); anything else reads as none. */
export function parseStoredProperties(raw: string | null): [string, string][] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((p: unknown) =>
      Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string'
        ? [[p[0], p[1]] as [string, string]]
        : [],
    );
  } catch {
    return [];
  }
}
