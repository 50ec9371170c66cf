import { parseArgs } from 'node:util';

export class UsageError extends Error {}

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;

/** Parses `--flag value` arguments; unknown flags and missing required ones are usage errors. */
export function flags<T extends FlagSpec>(
  args: readonly string[],
  spec: T,
  required: readonly (keyof T & string)[] = [],
): Record<string, string | boolean | undefined> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: false })
      .values as Record<string, string | boolean | undefined>;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  for (const name of required) {
    if (values[name] === undefined || values[name] === '')
      throw new UsageError(`--${name} is required`);
  }
  return values;
}

export function str(
  values: Record<string, string | boolean | undefined>,
  name: string,
): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
