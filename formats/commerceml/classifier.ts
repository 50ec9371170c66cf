// Классификатор of import.xml (CommerceML 2.08/2.10 schema, complexType Классификатор):
// Ид, Наименование, Владелец, Описание, then Группы (nested Группа: Ид, Наименование, Описание,
// Группы) and Свойства (Свойство: Ид, Наименование, ТипЗначений, ВариантыЗначений/Справочник
// with ИдЗначения and Значение, ДляТоваров). A product's ЗначенияСвойства/Значение names a
// Справочник value by its ИдЗначения; other types carry the literal value.
// ЕдиницыИзмерения is a 3.1 element: in 2.08/2.10 a unit travels on each БазоваяЕдиница.
import { party, type CmlParty } from './cml-head.js';
import type { XmlOut } from './xml-out.js';

export interface ClassifierGroup {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly groups?: readonly ClassifierGroup[];
}

export type PropertyValueType = 'Строка' | 'Число' | 'Время' | 'Справочник';

export interface ClassifierProperty {
  readonly id: string;
  readonly name: string;
  readonly valueType?: PropertyValueType;
  /** Справочник values: what ЗначенияСвойства/Значение names by `id`. */
  readonly choices?: readonly { readonly id: string; readonly value: string }[];
  /** ДляТоваров: the property describes products (not offers or documents). */
  readonly forProducts?: boolean;
}

export interface CmlClassifier {
  readonly id: string;
  readonly name: string;
  readonly owner: CmlParty;
  readonly description?: string;
  readonly groups?: readonly ClassifierGroup[];
  readonly properties?: readonly ClassifierProperty[];
}

function group(x: XmlOut, g: ClassifierGroup): void {
  x.start('Группа')
    .leaf('Ид', g.id)
    .leaf('Наименование', g.name)
    .optional('Описание', g.description);
  if (g.groups && g.groups.length > 0) {
    x.start('Группы');
    for (const sub of g.groups) group(x, sub);
    x.close();
  }
  x.close();
}

function property(x: XmlOut, p: ClassifierProperty): void {
  x.start('Свойство')
    .leaf('Ид', p.id)
    .leaf('Наименование', p.name)
    .optional('ТипЗначений', p.valueType);
  if (p.choices && p.choices.length > 0) {
    x.start('ВариантыЗначений');
    for (const c of p.choices)
      x.start('Справочник').leaf('ИдЗначения', c.id).leaf('Значение', c.value).close();
    x.close();
  }
  if (p.forProducts !== undefined) x.leaf('ДляТоваров', String(p.forProducts));
  x.close();
}

export async function writeClassifier(x: XmlOut, c: CmlClassifier): Promise<void> {
  x.start('Классификатор').leaf('Ид', c.id).leaf('Наименование', c.name);
  party(x, 'Владелец', c.owner);
  x.optional('Описание', c.description);
  if (c.groups && c.groups.length > 0) {
    x.start('Группы');
    for (const g of c.groups) {
      group(x, g);
      await x.flush();
    }
    x.close();
  }
  if (c.properties && c.properties.length > 0) {
    x.start('Свойства');
    for (const p of c.properties) {
      property(x, p);
      await x.flush();
    }
    x.close();
  }
  x.close();
}
