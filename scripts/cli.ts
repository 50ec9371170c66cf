// `npm run -s gateway -- <noun> <verb> [--flags]`: everything the console configures, for
// installers and automation. Prints JSON on stdout; errors as JSON on stderr with exit code 1
// (2 for usage errors). Works while the server runs, on the same data directory or database.
import { ConfigError, loadConfig } from '../gateway/config.js';
import { GatewayError } from '../store/errors.js';
import { COMMANDS, type CommandContext } from './cli/commands.js';
import { UsageError } from './cli/args.js';

function usage(): string {
  return [
    'usage: npm run -s gateway -- <noun> <verb> [--flags]',
    '',
    ...COMMANDS.map((c) => `  ${c.usage}`),
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [noun, maybeVerb, ...rest] = argv;
  if (!noun || noun === 'help' || noun === '--help') {
    process.stdout.write(`${usage()}\n`);
    return noun ? 0 : 2;
  }
  const command = COMMANDS.find(
    (c) => c.noun === noun && (c.verb === null || c.verb === maybeVerb),
  );
  if (!command)
    throw new UsageError(
      `unknown command: ${[noun, maybeVerb].filter(Boolean).join(' ')}\n${usage()}`,
    );
  const args =
    command.verb === null ? [maybeVerb, ...rest].filter((a): a is string => a !== undefined) : rest;
  const context: CommandContext = { config: loadConfig() };
  const result = await command.run(args, context);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const code = err instanceof UsageError ? 2 : 1;
    const body =
      err instanceof GatewayError
        ? { error: err.kind, message: err.message }
        : err instanceof ConfigError
          ? { error: 'invalid_configuration', message: err.message }
          : {
              error: err instanceof UsageError ? 'usage' : 'internal',
              message: err instanceof Error ? err.message : String(err),
            };
    process.stderr.write(`${JSON.stringify(body)}\n`);
    process.exit(code);
  },
);
