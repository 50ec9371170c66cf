// Exact money arithmetic for line items: values are bigint counts of 1e-8 (vtiger keeps 8
// decimals), so totals never pick up binary floating-point error such as 0.1 + 0.2.
const SCALE = 100_000_000n;

export function parseDecimal(text: string): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal: ${text}`);
  const whole = BigInt(m[2] === '' ? '0' : (m[2] as string));
  const frac = BigInt((m[3] ?? '').padEnd(8, '0').slice(0, 8));
  const value = whole * SCALE + frac;
  return m[1] === '-' ? -value : value;
}

export function formatDecimal(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(8, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** a × b, rounded half away from zero to 8 decimals. */
export function multiply(a: bigint, b: bigint): bigint {
  const product = a * b;
  const half = SCALE / 2n;
  return product >= 0n ? (product + half) / SCALE : -((-product + half) / SCALE);
}

/** A percentage of a value: value × percent / 100. */
export function percentOf(value: bigint, percent: bigint): bigint {
  const product = multiply(value, percent);
  return product >= 0n ? (product + 50n) / 100n : -((-product + 50n) / 100n);
}

/** a ÷ b as a factor, rounded to 8 decimals; 0 when b is 0. */
export function divide(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const numerator = a * SCALE;
  return (numerator + b / 2n) / b;
}
