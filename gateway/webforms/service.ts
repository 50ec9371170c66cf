// The webform intake as plain calls (gateway/webforms/README.md §4): form look-up, the embed
// code, ALTCHA challenges, quotas, spam rules, validation, the durable inbox and the record.
// The router (gateway/webforms/router.ts) only translates HTTP to these calls and back.
import type { Challenge } from 'altcha-lib';
import { GatewayError } from '../../store/errors.js';
import { ExchangeLog } from '../../store/exchange-log.js';
import { getModule } from '../../store/modules/registry.js';
import type { Store } from '../../store/store.js';
import { CaptchaReplay } from '../../store/webforms/captcha-replay.js';
import { InboxRepository } from '../../store/webforms/inbox-repository.js';
import { RateCounters } from '../../store/webforms/rate-counters.js';
import { EXCHANGE_SYSTEM } from '../../store/webforms/submission-writer.js';
import type { Webform } from '../../store/webforms/types.js';
import { WebformRepository } from '../../store/webforms/webform-repository.js';
import type { ParsedSubmission, BodyLimits } from './body.js';
import { newChallenge, type CaptchaOptions } from './captcha.js';
import { formHtml } from './embed-html.js';
import { InboxProcessor } from './inbox-processor.js';
import { WebformLimits, tooManyRequests, utcDay } from './limits.js';
import { checkSpam } from './spam.js';
import { fillToken, type WebformSecrets } from './tokens.js';
import { validateSubmission } from './validate.js';

export interface WebformOptions {
  readonly secrets: WebformSecrets;
  readonly captchaCost: number;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  readonly maxFieldBytes: number;
  readonly fileTypes: readonly string[];
  /** Defaults of forms created from the console or the command line. */
  readonly defaults: {
    readonly dailyCap: number;
    readonly ipLimit: number;
    readonly formLimit: number;
  };
  readonly onCapReached?: (form: Webform) => void;
}

export interface SubmissionMeta {
  readonly ip: string;
  readonly origin: string | null;
}

export type SubmitResult =
  | { readonly kind: 'accepted'; readonly inboxId: number; readonly processed: boolean }
  | { readonly kind: 'dropped' };

/** Thrown for mistakes the visitor can correct: the edge shows the form again with these. */
export function invalidSubmission(errors: Record<string, string>): GatewayError {
  return new GatewayError('invalid_input', Object.values(errors)[0] ?? 'Please check the form', {
    errors,
  });
}

const FORM_TTL_MS = 2000;
const PICKLIST_TTL_MS = 10_000;

export class WebformService {
  readonly forms: WebformRepository;
  readonly inbox: InboxRepository;
  readonly limits: WebformLimits;
  readonly processor: InboxProcessor;
  private readonly replay: CaptchaReplay;
  private readonly formCache = new Map<string, { form: Webform | null; until: number }>();
  private readonly picklistCache = new Map<string, { values: string[]; until: number }>();

  constructor(
    private readonly store: Store,
    readonly options: WebformOptions,
  ) {
    const { knex } = store.db;
    this.forms = new WebformRepository(knex);
    this.inbox = new InboxRepository(knex);
    this.limits = new WebformLimits(new RateCounters(knex));
    this.replay = new CaptchaReplay(knex);
    this.processor = new InboxProcessor(store, this.forms, this.inbox);
  }

  /** An active form by public id; a short cache spares the database on every post. */
  async form(publicId: string): Promise<Webform> {
    const cached = this.formCache.get(publicId);
    let form = cached && cached.until > Date.now() ? cached.form : undefined;
    if (form === undefined) {
      form = await this.forms.byPublicId(publicId);
      if (this.formCache.size > 1000) this.formCache.clear();
      this.formCache.set(publicId, { form, until: Date.now() + FORM_TTL_MS });
    }
    if (!form || !form.active)
      throw new GatewayError('not_found', 'This form does not exist or is no longer available.');
    return form;
  }

  /** Forgets cached definitions after the console or the command line changed one. */
  forget(publicId?: string): void {
    if (publicId) this.formCache.delete(publicId);
    else this.formCache.clear();
  }

  bodyLimits(form: Webform): BodyLimits {
    const o = this.options;
    return {
      fieldBytes: o.maxFieldBytes,
      fileBytes: o.maxFileBytes,
      files: form.allowFiles ? o.maxFiles : 0,
      fileTypes: o.fileTypes,
    };
  }

  async picklists(form: Webform): Promise<Record<string, string[]>> {
    const def = getModule(form.module);
    const out: Record<string, string[]> = {};
    for (const wf of form.fields) {
      const f = def.fields.find((x) => x.name === wf.name);
      if (!f || (f.type !== 'picklist' && f.type !== 'multipicklist')) continue;
      const key = `${form.module}.${f.name}`;
      const cached = this.picklistCache.get(key);
      if (cached && cached.until > Date.now()) out[f.name] = cached.values;
      else {
        out[f.name] = await this.store.picklists.values(form.module, f.name);
        this.picklistCache.set(key, {
          values: out[f.name] ?? [],
          until: Date.now() + PICKLIST_TTL_MS,
        });
      }
    }
    return out;
  }

  /** The form markup; `values`/`errors` when shown again, with a fresh fill-time token. */
  async html(
    form: Webform,
    baseUrl: string,
    again?: { values: Record<string, string>; errors: Record<string, string> },
    withToken = false,
  ): Promise<string> {
    const o = this.options;
    return formHtml(form, getModule(form.module), {
      baseUrl,
      picklists: await this.picklists(form),
      fileTypes: o.fileTypes,
      maxFiles: o.maxFiles,
      ...(again ?? {}),
      ...(withToken ? { fillToken: fillToken(o.secrets.fillTime, form.publicId, Date.now()) } : {}),
    }).value;
  }

  challenge(form: Webform): Promise<Challenge> {
    return newChallenge(this.captchaOptions(), form.publicId);
  }

  checkRate(form: Webform, ip: string): Promise<void> {
    return this.limits.checkRate(form, ip);
  }

  async submit(
    form: Webform,
    parsed: ParsedSubmission,
    meta: SubmissionMeta,
  ): Promise<SubmitResult> {
    const spam = await checkSpam({
      form,
      fields: parsed.fields,
      captcha: this.captchaOptions(),
      replay: this.replay,
      now: Date.now(),
    });
    if (spam.kind === 'drop') return { kind: 'dropped' };
    if (spam.kind === 'reject') throw invalidSubmission({ [spam.field]: spam.message });
    const checked = validateSubmission(
      form,
      getModule(form.module),
      parsed.fields,
      await this.picklists(form),
    );
    if (Object.keys(checked.errors).length > 0) throw invalidSubmission(checked.errors);
    if (await this.limits.overDailyCap(form)) {
      await this.capReached(form);
      throw tooManyRequests(
        'This form has received the most submissions it accepts today. Please try again tomorrow.',
        this.limits.secondsToMidnight(),
      );
    }
    const outcome = await this.processor.intake(
      {
        webformId: form.id,
        received: checked.received,
        values: checked.values,
        ip: meta.ip,
        origin: meta.origin,
        files: parsed.files,
      },
      form,
    );
    return { kind: 'accepted', ...outcome };
  }

  /** The owner's notice: one exchange-log error per form and day, and the console's flag. */
  private async capReached(form: Webform): Promise<void> {
    if (!(await this.forms.markCapReached(form.id, utcDay(Date.now())))) return;
    this.forget(form.publicId);
    const log = new ExchangeLog(this.store.db.knex);
    const id = await log.start(EXCHANGE_SYSTEM, 'inbound', form.publicId);
    await log.finish(
      id,
      'error',
      { failed: 1 },
      `Daily cap of ${form.dailyCap} submissions reached for webform "${form.name}"; further submissions today are refused with 429`,
    );
    this.options.onCapReached?.(form);
  }

  async purgeReplay(): Promise<void> {
    await this.replay.purgeExpired();
  }

  private captchaOptions(): CaptchaOptions {
    return { cost: this.options.captchaCost, secrets: this.options.secrets };
  }
}
