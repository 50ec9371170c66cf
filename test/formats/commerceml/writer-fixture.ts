// The values the CommerceML writer tests write (CommerceML 2.08 Классификатор, Каталог,
// ПакетПредложений): a classifier with nested groups and a Справочник property, a product with
// every field, a service, offers with a variant, two prices and two warehouses; and a scratch
// folder to write them into.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  CatalogProduct,
  ImportDocument,
} from '../../../formats/commerceml/catalog-document.js';
import type { CmlWriteOptions } from '../../../formats/commerceml/cml-head.js';
import type { OffersDocument, PackageOffer } from '../../../formats/commerceml/offers-document.js';

export const owner = {
  id: 'owner-1',
  name: 'Стройснаб',
  officialName: 'ООО "Стройснаб"',
  inn: '7701234567',
  kpp: '770101001',
};
export const pair = { code: '715', name: 'пар', fullName: 'Пара (2 шт.)' };
export const piece = { code: '796', name: 'шт', fullName: 'Штука', intlAbbr: 'PCE' };

export const boots: CatalogProduct = {
  id: 'bd72d910-55bc-11d9-848a-00112f43529a',
  barcode: '2000018987155',
  article: 'Б-130001',
  name: 'Женские ботфорты коричневые',
  unit: pair,
  groupIds: ['g-boots'],
  description: 'Натуральная кожа',
  pictures: ['import_files/bd/bd72d910.jpg', 'import_files/bd/bd72d910_2.jpg'],
  manufacturer: { id: 'm-1', name: 'Фабрика', officialName: 'АО "Фабрика"' },
  properties: [
    { id: 'p-color', values: ['c-brown'] },
    { id: 'p-weight', values: ['0.9'] },
  ],
  taxes: [{ name: 'НДС', rate: '20' }],
  requisites: [
    { name: 'ВидНоменклатуры', value: 'Обувь' },
    { name: 'ТипНоменклатуры', value: 'Товар' },
    { name: 'Полное наименование', value: 'Женские ботфорты коричневые' },
  ],
};
export const delivery: CatalogProduct = {
  id: 'svc-delivery',
  name: 'Доставка',
  unit: piece,
  taxes: [{ name: 'НДС', rate: null }],
  requisites: [{ name: 'ТипНоменклатуры', value: 'Услуга' }],
  status: 'Удален',
};

export function importDoc(products: readonly CatalogProduct[]): ImportDocument {
  return {
    classifier: {
      id: 'cls-1',
      name: 'Классификатор (Каталог товаров)',
      owner,
      groups: [
        {
          id: 'g-shoes',
          name: 'Обувь',
          groups: [
            { id: 'g-boots', name: 'Ботфорты', description: 'Высокие' },
            { id: 'g-low', name: 'Туфли' },
          ],
        },
        { id: 'g-services', name: 'Услуги' },
      ],
      properties: [
        {
          id: 'p-color',
          name: 'Цвет',
          valueType: 'Справочник',
          choices: [
            { id: 'c-brown', value: 'Коричневый' },
            { id: 'c-black', value: 'Чёрный' },
          ],
          forProducts: true,
        },
        { id: 'p-weight', name: 'Вес', valueType: 'Число' },
      ],
    },
    catalog: {
      id: 'cat-1',
      name: 'Каталог товаров',
      owner,
      onlyChanges: false,
      description: 'Основной каталог',
    },
    products,
  };
}

export const offers: PackageOffer[] = [
  {
    productId: boots.id,
    variantId: '90c55447-d3a8-11e4-9423-e0cb4ed5eed4',
    article: 'Б-130001',
    name: 'Женские ботфорты коричневые (38)',
    unit: pair,
    characteristics: [
      { name: 'Размер', value: '38' },
      { name: 'Цвет', value: 'Коричневый' },
    ],
    prices: [
      { priceTypeId: 'pt-retail', price: '1719.5' },
      { priceTypeId: 'pt-opt', price: '1500', currency: 'USD', unit: '796', factor: '2' },
    ],
    quantity: '20',
    stocks: [
      { warehouseId: 'w-1', quantity: '15' },
      { warehouseId: 'w-2', quantity: '5' },
    ],
  },
  {
    productId: 'svc-delivery',
    name: 'Доставка',
    unit: piece,
    prices: [{ priceTypeId: 'pt-retail', price: '300', presentation: '300 руб. за шт' }],
  },
];

export function offersDoc(items: readonly PackageOffer[]): OffersDocument {
  return {
    package: {
      id: 'cat-1#',
      name: 'Пакет предложений (Каталог товаров)',
      catalogId: 'cat-1',
      classifierId: 'cls-1',
      owner,
      onlyChanges: true,
      priceTypes: [
        {
          id: 'pt-retail',
          name: 'Розничная',
          currency: 'RUB',
          tax: { name: 'НДС', inSum: true },
        },
        { id: 'pt-opt', name: 'Оптовая', currency: 'USD' },
      ],
      warehouses: [
        { id: 'w-1', name: 'Магазин "Обувь"' },
        { id: 'w-2', name: 'Склад' },
      ],
    },
    offers: items,
  };
}

/** A folder of numbered files for one test file; `remove` in test.after.always. */
export function scratch(): {
  toFile: (write: (file: string) => Promise<void>, name?: string) => Promise<string>;
  remove: () => void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'cml-writers-'));
  let seq = 0;
  return {
    toFile: async (write, name = 'doc.xml') => {
      const file = path.join(dir, `${++seq}-${name}`);
      await write(file);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const options = (o: Partial<CmlWriteOptions> = {}): CmlWriteOptions => ({
  generatedAt: new Date('2026-12-03T10:20:30.456Z'),
  ...o,
});
