// A web shop connection (migration 0019-shop-connections, README "Web shops (CRM as 1C)").

export const SHOP_SCHEMAS = ['2.05', '2.08', '2.10'] as const;
export type ShopSchema = (typeof SHOP_SCHEMAS)[number];

export const SHOP_ENCODINGS = ['utf-8', 'windows-1251'] as const;
export type ShopEncoding = (typeof SHOP_ENCODINGS)[number];

/** One line of the status map: the shop's status name and the SalesOrder status it means. */
export interface StatusPair {
  readonly site: string;
  readonly crm: string;
}

export interface ShopConnection {
  readonly id: number;
  readonly name: string;
  readonly url: string;
  readonly login: string;
  /** The CRM user that owns orders created from the site. */
  readonly userId: number;
  /** Catalogs record ids sent to this shop; empty = all. */
  readonly catalogs: readonly number[];
  readonly schema: ShopSchema;
  readonly encoding: ShopEncoding;
  readonly statusMap: readonly StatusPair[];
  readonly pushSchedule: string | null;
  readonly ordersSchedule: string | null;
  readonly active: boolean;
  /** The shop takes one file per checkauth/init session (django-cml2 style, sync/shop/README.md §3). */
  readonly oneInitPerFile: boolean;
  /** CRM time the last successful push covered; null before the first full push. */
  readonly pushedUntil: string | null;
  readonly ordersUntil: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
}

export interface NewShopConnection {
  readonly name: string;
  readonly url: string;
  readonly login: string;
  readonly password: string;
  readonly userId: number;
  readonly catalogs?: readonly number[];
  readonly schema?: string;
  readonly encoding?: string;
  readonly pushSchedule?: string | null;
  readonly ordersSchedule?: string | null;
  readonly oneInitPerFile?: boolean;
}
