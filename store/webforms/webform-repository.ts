// Webform definitions (gateway/webforms/README.md §4.2): settings and fields, looked up by the
// stable random public id that appears in the intake URL.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import { checkSettings } from './webform-rules.js';
import {
  isWebformModule,
  type DedupeMode,
  type Webform,
  type WebformField,
  type WebformSettings,
} from './types.js';

interface FormRow {
  id: number;
  public_id: string;
  name: string;
  module: string;
  owner_kind: string;
  owner_id: number;
  creator_id: number | null;
  return_url: string | null;
  allowed_origins: string;
  captcha: boolean | number;
  allow_files: boolean | number;
  daily_cap: number;
  ip_limit: number;
  form_limit: number;
  min_fill_seconds: number;
  dedupe: string;
  active: boolean | number;
  cap_reached_on: string | null;
  created_at: string;
  modified_at: string;
}

interface FieldRow {
  webform_id: number;
  field_name: string;
  label: string;
  required: boolean | number;
  override_value: string | null;
  sort: number;
}

const PUBLIC_ID = /^[A-Za-z0-9_-]{16,40}$/;

/** True when a string has the shape of a public id (a forged one still has to exist). */
export function isPublicId(value: string): boolean {
  return PUBLIC_ID.test(value);
}

function parseOrigins(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function toForm(r: FormRow, fields: readonly FieldRow[]): Webform {
  if (!isWebformModule(r.module))
    throw new GatewayError('internal', `webform ${r.id} targets unknown module ${r.module}`);
  return {
    id: Number(r.id),
    publicId: r.public_id,
    name: r.name,
    module: r.module,
    owner: { kind: r.owner_kind === 'group' ? 'group' : 'user', id: Number(r.owner_id) },
    creatorId: r.creator_id === null ? null : Number(r.creator_id),
    returnUrl: r.return_url,
    allowedOrigins: parseOrigins(r.allowed_origins),
    captcha: Boolean(r.captcha),
    allowFiles: Boolean(r.allow_files),
    dailyCap: Number(r.daily_cap),
    ipLimit: Number(r.ip_limit),
    formLimit: Number(r.form_limit),
    minFillSeconds: Number(r.min_fill_seconds),
    dedupe: (['update', 'link'].includes(r.dedupe) ? r.dedupe : 'none') as DedupeMode,
    active: Boolean(r.active),
    capReachedOn: r.cap_reached_on,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
    fields: [...fields]
      .sort((a, b) => a.sort - b.sort)
      .map((f): WebformField => ({
        name: f.field_name,
        label: f.label,
        required: Boolean(f.required),
        override: f.override_value,
      })),
  };
}

function settingsRow(s: WebformSettings): Record<string, unknown> {
  return {
    name: s.name,
    module: s.module,
    owner_kind: s.owner.kind,
    owner_id: s.owner.id,
    return_url: s.returnUrl,
    allowed_origins: JSON.stringify(s.allowedOrigins),
    captcha: s.captcha,
    allow_files: s.allowFiles,
    daily_cap: s.dailyCap,
    ip_limit: s.ipLimit,
    form_limit: s.formLimit,
    min_fill_seconds: s.minFillSeconds,
    dedupe: s.dedupe,
    active: s.active,
    modified_at: nowUtc(),
  };
}

export class WebformRepository {
  constructor(private readonly knex: Knex) {}

  async create(settings: WebformSettings, creatorId: number): Promise<Webform> {
    const s = checkSettings(settings);
    const publicId = randomBytes(18).toString('base64url');
    const id = await this.knex.transaction(async (trx) => {
      await this.checkOwner(trx, s);
      const [inserted] = await trx('webforms')
        .insert({
          ...settingsRow(s),
          public_id: publicId,
          creator_id: creatorId,
          created_at: nowUtc(),
        })
        .returning('id');
      const newId =
        typeof inserted === 'object' && inserted !== null
          ? Number((inserted as { id: number }).id)
          : Number(inserted);
      await this.writeFields(trx, newId, s.fields);
      return newId;
    });
    return (await this.get(id)) as Webform;
  }

  async update(id: number, settings: WebformSettings): Promise<Webform> {
    const s = checkSettings(settings);
    await this.knex.transaction(async (trx) => {
      await this.checkOwner(trx, s);
      const n = await trx('webforms').where({ id }).update(settingsRow(s));
      if (n === 0) throw new GatewayError('not_found', `There is no webform ${id}`);
      await trx('webform_fields').where({ webform_id: id }).del();
      await this.writeFields(trx, id, s.fields);
    });
    return (await this.get(id)) as Webform;
  }

  async get(id: number): Promise<Webform | null> {
    const row = await this.knex<FormRow>('webforms').where({ id }).first();
    return row
      ? toForm(row, await this.knex<FieldRow>('webform_fields').where({ webform_id: id }))
      : null;
  }

  async byPublicId(publicId: string): Promise<Webform | null> {
    if (!isPublicId(publicId)) return null;
    const row = await this.knex<FormRow>('webforms').where({ public_id: publicId }).first();
    return row
      ? toForm(row, await this.knex<FieldRow>('webform_fields').where({ webform_id: row.id }))
      : null;
  }

  async list(): Promise<Webform[]> {
    const rows = await this.knex<FormRow>('webforms').orderBy('id');
    const fields = await this.knex<FieldRow>('webform_fields');
    return rows.map((r) =>
      toForm(
        r,
        fields.filter((f) => Number(f.webform_id) === Number(r.id)),
      ),
    );
  }

  /** Records that the cap was reached on `day`; true only for the first call that day. */
  async markCapReached(id: number, day: string): Promise<boolean> {
    const n = await this.knex('webforms')
      .where({ id })
      .andWhere((q) => q.whereNull('cap_reached_on').orWhereNot('cap_reached_on', day))
      .update({ cap_reached_on: day });
    return n > 0;
  }

  private async writeFields(
    trx: Knex.Transaction,
    id: number,
    fields: readonly WebformField[],
  ): Promise<void> {
    const rows = fields.map((f, sort) => ({
      webform_id: id,
      field_name: f.name,
      label: f.label,
      required: f.required,
      override_value: f.override,
      sort,
    }));
    if (rows.length > 0) await trx('webform_fields').insert(rows);
  }

  private async checkOwner(trx: Knex.Transaction, s: WebformSettings): Promise<void> {
    const row =
      s.owner.kind === 'user'
        ? await trx('users').where({ id: s.owner.id, status: 'Active' }).first('id')
        : await trx('groups').where({ id: s.owner.id }).first('id');
    if (!row)
      throw new GatewayError(
        'invalid_input',
        `The assigned ${s.owner.kind} ${s.owner.id} does not exist or is inactive`,
        { field: 'assigned_user_id' },
      );
  }
}
