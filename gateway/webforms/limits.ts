// Quotas of a form (gateway/webforms/README.md §4.2 "Quotas", §4.3 "Rate limit / daily cap"):
// per-IP and per-form submissions per minute, counted for every attempt before the body is
// read, and the Salesforce-style daily cap, counted for accepted submissions per UTC day. The
// counters live in the database so replicas share them; 0 switches a limit off.
import { GatewayError } from '../../store/errors.js';
import type { RateCounters } from '../../store/webforms/rate-counters.js';
import type { Webform } from '../../store/webforms/types.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** 429 Too Many Requests (RFC 6585 §4) with Retry-After. */
export function tooManyRequests(message: string, retryAfterSeconds: number): GatewayError {
  return new GatewayError('rate_limited', message, { retryAfterSeconds });
}

export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export class WebformLimits {
  constructor(
    private readonly counters: RateCounters,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Throws 429 when this address or the form as a whole sent too much this minute. */
  async checkRate(form: Webform, ip: string): Promise<void> {
    const now = this.clock();
    const window = Math.floor(now / MINUTE);
    const retry = Math.ceil(((window + 1) * MINUTE - now) / 1000);
    if (
      form.ipLimit > 0 &&
      (await this.counters.hit(`ip:${form.id}:${ip}`, window)) > form.ipLimit
    ) {
      throw tooManyRequests(
        'Too many submissions from your address. Please wait a minute and try again.',
        retry,
      );
    }
    if (
      form.formLimit > 0 &&
      (await this.counters.hit(`form:${form.id}`, window)) > form.formLimit
    ) {
      throw tooManyRequests(
        'This form is receiving too many submissions right now. Please try again in a minute.',
        retry,
      );
    }
  }

  /** Counts an accepted submission; true when it is over the daily cap (and must be refused). */
  async overDailyCap(form: Webform): Promise<boolean> {
    if (form.dailyCap === 0) return false;
    return (
      (await this.counters.hit(`day:${form.id}`, Math.floor(this.clock() / DAY))) > form.dailyCap
    );
  }

  async acceptedToday(formId: number): Promise<number> {
    return this.counters.peek(`day:${formId}`, Math.floor(this.clock() / DAY));
  }

  secondsToMidnight(): number {
    const now = this.clock();
    return Math.ceil(((Math.floor(now / DAY) + 1) * DAY - now) / 1000);
  }

  async purge(): Promise<void> {
    const now = this.clock();
    await this.counters.purge('ip:', Math.floor(now / MINUTE) - 5);
    await this.counters.purge('form:', Math.floor(now / MINUTE) - 5);
    await this.counters.purge('day:', Math.floor(now / DAY) - 7);
  }
}
