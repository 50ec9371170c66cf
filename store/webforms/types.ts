// Domain types of webforms (gateway/webforms/README.md §4). Row shapes stay in the repositories.
import type { Owner } from '../types.js';

/** The modules a webform may create records in (§4.2 "Target modules"). */
export const WEBFORM_MODULES = ['Leads', 'Contacts', 'Accounts', 'HelpDesk', 'Potentials'] as const;
export type WebformModule = (typeof WEBFORM_MODULES)[number];

export function isWebformModule(value: string): value is WebformModule {
  return (WEBFORM_MODULES as readonly string[]).includes(value);
}

/** What a submission whose e-mail matches an existing record does instead of a second record. */
export type DedupeMode = 'none' | 'update' | 'link';
export const DEDUPE_MODES: readonly DedupeMode[] = ['none', 'update', 'link'];

export interface WebformField {
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
  /** A hidden fixed value: authoritative, the visitor never sees or sets it. */
  readonly override: string | null;
}

export interface WebformSettings {
  readonly name: string;
  readonly module: WebformModule;
  readonly owner: Owner;
  readonly returnUrl: string | null;
  readonly allowedOrigins: readonly string[];
  readonly captcha: boolean;
  readonly allowFiles: boolean;
  /** Accepted submissions per UTC day; 0 = no cap. */
  readonly dailyCap: number;
  /** Submissions per minute from one address; 0 = no limit. */
  readonly ipLimit: number;
  /** Submissions per minute to this form from everyone; 0 = no limit. */
  readonly formLimit: number;
  readonly minFillSeconds: number;
  readonly dedupe: DedupeMode;
  readonly active: boolean;
  readonly fields: readonly WebformField[];
}

export interface Webform extends WebformSettings {
  readonly id: number;
  readonly publicId: string;
  readonly creatorId: number | null;
  /** The UTC day (YYYY-MM-DD) the daily cap was last reached; the console flags it. */
  readonly capReachedOn: string | null;
  readonly createdAt: string;
  readonly modifiedAt: string;
}

export type InboxStatus = 'pending' | 'done' | 'error';

/** What a processed submission did: a new record, an update of a duplicate, or a comment on it. */
export type InboxOutcome = 'created' | 'updated' | 'linked';

export interface InboxFile {
  readonly fileName: string;
  readonly mime: string;
  readonly size: number;
  readonly sha256: string;
  readonly content: Buffer;
}

export interface InboxEntry {
  readonly id: number;
  readonly webformId: number;
  readonly receivedAt: string;
  readonly status: InboxStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  /** The configured fields as the visitor sent them. */
  readonly received: Readonly<Record<string, string>>;
  /** The record values derived from them at intake (overrides applied). */
  readonly values: Readonly<Record<string, string>>;
  readonly ip: string | null;
  readonly origin: string | null;
  readonly recordId: number | null;
  readonly outcome: InboxOutcome | null;
  readonly exchangeLogId: number | null;
  readonly processedAt: string | null;
  readonly files: readonly Omit<InboxFile, 'content'>[];
}

export interface NewInboxEntry {
  readonly webformId: number;
  readonly received: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, string>>;
  readonly ip: string | null;
  readonly origin: string | null;
  readonly files: readonly InboxFile[];
}

export interface DocumentInfo {
  readonly id: number;
  readonly recordId: number;
  readonly fileName: string;
  readonly mime: string;
  readonly size: number;
  readonly sha256: string;
  readonly source: string;
  readonly createdAt: string;
}
