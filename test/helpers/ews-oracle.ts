// Checks EWS SOAP envelopes against Microsoft's XSDs (test/fixtures/exchange-oracle/EWS.md) with
// validate-ews.sh, which runs xmllint (Debian libxml2-utils, scripts/test-peers.sh). Requests are
// checked against both the Exchange 2016 and the Exchange 2013 SP1 schema, as the bridge pins
// RequestServerVersion Exchange2013_SP1.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EWS_VALIDATOR = fileURLToPath(
  new URL('../fixtures/exchange-oracle/validate-ews.sh', import.meta.url),
);

let available: boolean | null = null;

export function xmllintAvailable(): boolean {
  available ??= spawnSync('sh', ['-c', 'command -v xmllint']).status === 0;
  return available;
}

/** '' when every envelope validates under each schema, else the validator's report. */
export function checkEws(
  envelopes: readonly string[],
  schemas: readonly ('2016' | '2013')[] = ['2016', '2013'],
  extra: readonly string[] = [],
): string {
  if (envelopes.length === 0) return '';
  const dir = mkdtempSync(path.join(tmpdir(), 'ews-oracle-'));
  try {
    const files = envelopes.map((xml, i) => {
      const file = path.join(dir, `${i}.xml`);
      writeFileSync(file, xml);
      return file;
    });
    let report = '';
    for (const schema of schemas) {
      try {
        execFileSync('sh', [EWS_VALIDATOR, '--schema', schema, '-q', ...extra, ...files], {
          encoding: 'utf8',
          timeout: 120_000,
        });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string };
        report += `${e.stdout ?? ''}${e.stderr ?? ''}` || String(err);
      }
    }
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
