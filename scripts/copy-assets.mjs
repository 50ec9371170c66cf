// Copies files tsc does not emit (console stylesheet and script) next to the compiled code.
import { cpSync } from 'node:fs';

cpSync(
  new URL('../gateway/console/assets', import.meta.url),
  new URL('../dist/gateway/console/assets', import.meta.url),
  { recursive: true },
);
