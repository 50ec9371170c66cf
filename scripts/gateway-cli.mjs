// Launcher of `npm run -s gateway`: runs the TypeScript sources through tsx in a checkout, and
// the compiled dist/ in the Docker image, where neither the sources nor tsx are installed.
import { existsSync } from 'node:fs';

const sources = new URL('./cli.ts', import.meta.url);
if (existsSync(sources)) {
  let register = null;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    register = null;
  }
  if (register) {
    register();
    await import(sources.href);
  } else {
    await import(new URL('../dist/scripts/cli.js', import.meta.url).href);
  }
} else {
  await import(new URL('../dist/scripts/cli.js', import.meta.url).href);
}
