// The two schedules of a shop connection (README "Web shops (CRM as 1C)"): a number is an
// interval in seconds, anything else a five-field cron expression read as the jobs panel reads
// it (store/jobs/job-repository.ts). Unset means the defaults below, so every connection has
// its two jobs in the panel.
import { Cron } from 'croner';
import { GatewayError } from '../errors.js';
import type { JobSchedule } from '../jobs/job-repository.js';

export const DEFAULT_PUSH_SCHEDULE: JobSchedule = { kind: 'interval', seconds: 3600 };
export const DEFAULT_ORDERS_SCHEDULE: JobSchedule = { kind: 'interval', seconds: 600 };

/** Reads a stored schedule; throws invalid_input on text that is neither. */
export function shopSchedule(value: string | null, fallback: JobSchedule): JobSchedule {
  const text = (value ?? '').trim().replace(/\s+/g, ' ');
  if (text === '') return fallback;
  if (/^\d{1,9}$/.test(text)) {
    const seconds = Number(text);
    if (seconds < 60 || seconds > 31 * 86_400)
      throw new GatewayError(
        'invalid_input',
        `a shop interval is 60 to 2678400 seconds, not ${text}`,
      );
    return { kind: 'interval', seconds };
  }
  if (text.split(' ').length !== 5 || text.includes(':'))
    throw new GatewayError(
      'invalid_input',
      `a schedule is seconds or a five-field cron expression, not "${text}"`,
    );
  try {
    new Cron(text, { paused: true }).stop();
  } catch (err) {
    throw new GatewayError(
      'invalid_input',
      `bad cron expression "${text}": ${(err as Error).message}`,
    );
  }
  return { kind: 'cron', expression: text };
}

/** The stored text of a schedule, checked; empty input stores null (the default). */
export function checkShopSchedule(value: string | null | undefined): string | null {
  const text = (value ?? '').trim().replace(/\s+/g, ' ');
  if (text === '') return null;
  shopSchedule(text, DEFAULT_PUSH_SCHEDULE);
  return text;
}
