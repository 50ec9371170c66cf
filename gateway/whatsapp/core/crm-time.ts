// CRM date-times are "YYYY-MM-DD HH:MM:SS" in UTC (store/records/field-values.ts).
export const crmTime = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export const fromCrmTime = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);

/** The customer-service window a customer message opens (Cloud API, "Customer service windows"). */
export const WINDOW_MS = 24 * 3_600_000;
