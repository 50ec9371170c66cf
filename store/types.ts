// Domain types the repositories return. Row shapes stay inside store/.
import type { ModuleRights } from './roles/rights.js';

export interface User {
  readonly id: number;
  readonly userName: string;
  readonly firstName: string | null;
  readonly lastName: string;
  readonly email: string | null;
  readonly isAdmin: boolean;
  readonly status: 'Active' | 'Inactive';
  readonly timeZone: string;
  readonly authSource: 'local' | 'ldap';
  readonly accessKey: string;
  readonly createdAt: string;
  readonly modifiedAt: string;
  /** The directory entry of an LDAP/AD user (DN and stable id: entryUUID or objectGUID). */
  readonly directoryDn: string | null;
  readonly directoryId: string | null;
  readonly lastLoginAt: string | null;
  /** The user's role (store/roles/role-repository.ts); null: unrestricted, as before roles. */
  readonly roleId?: number | null;
  readonly details?: UserDetails;
}

/** vtiger 8.2's descriptive user fields (gateway/rest/README.md, Users). */
export interface UserDetails {
  readonly title: string | null;
  readonly department: string | null;
  readonly phoneWork: string | null;
  readonly phoneMobile: string | null;
  readonly phoneHome: string | null;
  readonly phoneOther: string | null;
  readonly phoneFax: string | null;
}

export interface Group {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly memberIds: readonly number[];
}

/** Who performs an operation: visibility and the modifier of records follow from it. */
export interface Actor {
  readonly userId: number;
  readonly isAdmin: boolean;
  readonly groupIds: readonly number[];
  /** The role's profile rights (store/roles/rights.ts); absent or null: unrestricted. */
  readonly rights?: ModuleRights | null;
  /** Users in the roles below the actor's: their records are the actor's to see and edit. */
  readonly subordinateIds?: readonly number[];
}

export interface Owner {
  readonly kind: 'user' | 'group';
  readonly id: number;
}

/**
 * Field values as vtiger strings (gateway/rest/README.md §4): numbers, dates and "0"/"1" as text.
 */
export type FieldValues = Readonly<Record<string, string | null>>;

/** A line as a client or an exchange sends it (gateway/rest/README.md §2 "Inventory records"). */
export interface LineItemInput {
  readonly productId: number | null;
  readonly quantity: string;
  readonly listPrice: string;
  readonly discountPercent: string | null;
  readonly discountAmount: string | null;
  /** The line's tax rate in percent; the sum of tax1–tax3 when only those are sent. */
  readonly taxPercent: string | null;
  readonly comment: string | null;
  /** vtiger's per-line rates of its three standard taxes (VAT, Sales, Service). */
  readonly tax1?: string | null;
  readonly tax2?: string | null;
  readonly tax3?: string | null;
}

export interface LineItem extends LineItemInput {
  /** The stored line's own id (vtiger's lineitem_id); new ids on every rewrite of the lines. */
  readonly id: number;
  /** quantity × price − discount, before tax (computed by the store). */
  readonly netPrice: string;
  /** The product's purchase cost × quantity, and net price − that (vtiger's margin). */
  readonly purchaseCost: string | null;
  readonly margin: string | null;
  /** The line lowered its product's stock and gives it back when removed (vtiger's incrementondel). */
  readonly incrementOnDel: boolean;
}

export interface CrmRecord {
  readonly id: number;
  readonly module: string;
  readonly owner: Owner;
  readonly recordNo: string | null;
  readonly label: string;
  readonly createdTime: string;
  readonly modifiedTime: string;
  readonly modifiedBy: number | null;
  readonly creator: number | null;
  readonly values: FieldValues;
  /** Present on inventory modules (SalesOrder, Invoice, Quotes). */
  readonly lineItems?: readonly LineItem[];
}

export type ChangeOperation = 'create' | 'update' | 'delete' | 'restore' | 'purge';

export interface Change {
  readonly seq: number;
  readonly module: string;
  readonly recordId: number;
  readonly operation: ChangeOperation;
  readonly changedAt: string;
  readonly userId: number | null;
  readonly owner: Owner | null;
}
