// What `POST /restapi/v1/hooks` accepts (gateway/hooks/README.md §1): {target_url, event, module,
// filter?}. Everything is checked before anything is stored, so bad input leaves no row behind.
import { GatewayError } from '../../store/errors.js';
import { isHookEvent, type HookEvent, HOOK_EVENTS } from '../../store/hooks/types.js';
import { compileFilter } from './filter.js';
import { moduleKnown } from './payload.js';

export interface SubscribeInput {
  readonly targetUrl: string;
  readonly event: HookEvent;
  readonly module: string;
  readonly filter: string | null;
}

const MAX_URL = 2000;

function text(body: Record<string, unknown>, name: string): string | null {
  const v = body[name];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new GatewayError('invalid_input', `${name} must be a string`);
  return v;
}

export function checkTargetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GatewayError('invalid_input', 'target_url is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new GatewayError('invalid_input', 'target_url must be an http or https URL');
  if (url.username || url.password)
    throw new GatewayError('invalid_input', 'target_url must not carry credentials');
  if (raw.length > MAX_URL)
    throw new GatewayError('invalid_input', `target_url is longer than ${MAX_URL} characters`);
  return url.href;
}

export function parseSubscribeInput(body: unknown): SubscribeInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new GatewayError('invalid_input', 'the body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const targetUrl = text(fields, 'target_url');
  const event = text(fields, 'event');
  const module = text(fields, 'module');
  if (!targetUrl) throw new GatewayError('invalid_input', 'target_url is required');
  if (!event || !isHookEvent(event))
    throw new GatewayError('invalid_input', `event must be one of ${HOOK_EVENTS.join(', ')}`);
  if (!module || !moduleKnown(module))
    throw new GatewayError(
      'invalid_input',
      `module '${(module ?? '').slice(0, 40)}' is not a CRM module`,
    );
  const filter = text(fields, 'filter');
  compileFilter(module, filter);
  return { targetUrl: checkTargetUrl(targetUrl), event, module, filter };
}
