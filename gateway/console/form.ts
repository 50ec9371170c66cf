// Console forms: application/x-www-form-urlencoded, small, with repeated keys for checkboxes.
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../../store/errors.js';
import { readBody } from '../http-body.js';

const FORM_LIMIT = 256 * 1024;

export interface Form {
  get(name: string): string;
  all(name: string): string[];
  has(name: string): boolean;
  entries(): Record<string, string>;
}

export async function readForm(req: IncomingMessage): Promise<Form> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded'))
    throw new GatewayError(
      'unsupported',
      'Forms must be sent as application/x-www-form-urlencoded',
    );
  const params = new URLSearchParams((await readBody(req, FORM_LIMIT)).toString('utf8'));
  return {
    get: (name) => params.get(name) ?? '',
    all: (name) => params.getAll(name),
    has: (name) => params.has(name),
    entries: () => Object.fromEntries(params),
  };
}

/** A positive integer id from a form or route value, or an invalid_input error. */
export function idOf(value: string, what: string): number {
  if (!/^\d{1,10}$/.test(value))
    throw new GatewayError('invalid_input', `${what} is not a valid id`);
  return Number(value);
}
