// БазоваяЕдиница for the CRM's usage units (sync/shop/README.md §4): shop modules create units
// by their OKEI code and fail on a unit without one («Ошибка добавления новой единицы измерения
// (код единицы: )», sync/shop/README.md §4), so every unit carries a code. Codes and names from ОК 015-94 (ОКЕИ); a CRM unit not listed is sent as
// "piece" with its own text as the short name.
import type { CatalogUnit } from '../../formats/commerceml/catalog-document.js';

const PIECE: CatalogUnit = { code: '796', name: 'шт', fullName: 'Штука', intlAbbr: 'PCE' };

const UNITS: Readonly<Record<string, CatalogUnit>> = {
  Pieces: PIECE,
  шт: PIECE,
  Box: { code: '778', name: 'упак', fullName: 'Упаковка', intlAbbr: 'NMP' },
  Pack: { code: '778', name: 'упак', fullName: 'Упаковка', intlAbbr: 'NMP' },
  Hours: { code: '356', name: 'ч', fullName: 'Час', intlAbbr: 'HUR' },
  Days: { code: '359', name: 'сут', fullName: 'Сутки', intlAbbr: 'DAY' },
  Incidents: { code: '642', name: 'ед', fullName: 'Единица', intlAbbr: 'C62' },
  Sheet: { code: '796', name: 'шт', fullName: 'Штука', intlAbbr: 'PCE' },
};

export function unitOf(text: string | null): CatalogUnit {
  if (text === null || text.trim() === '') return PIECE;
  return UNITS[text.trim()] ?? { ...PIECE, name: text.trim() };
}
