// The gobrpc command's entry: picks the subcommand, and turns every failure into one line on
// stderr and an exit code (1: the server answered with an error, 2: usage, 3: connection,
// I/O or protocol failure). NODE_DEBUG=gobrpc adds the stack trace.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { isServerError } from '../index.js';
import { call, CALL_HELP } from './call.js';
import { ExitCode, type Io, UsageError } from './common.js';
import { dump, DUMP_HELP } from './dump.js';
import { list, LIST_HELP } from './list.js';
import { record, RECORD_HELP } from './record.js';

const debug = debuglog('gobrpc');

/** The text of `gobrpc --help`. */
const MAIN_HELP = `Usage: gobrpc <command> [options]

Commands:
  dump [FILE|-]                        print every value of a gob stream (or its schemas)
  list ADDR                            list the services of a Go server's /debug/rpc page
  call ADDR Service.Method [ARGS|-]    call a net/rpc method with JSON arguments
  record --listen ADDR --target ADDR   proxy net/rpc traffic and write its schemas

Run 'gobrpc <command> --help' for a command's options; 'gobrpc --version' prints the
package's version.

Data goes to stdout, diagnostics to stderr. Exit codes: 0 success, 1 the server answered
with an error, 2 usage, 3 connection, I/O or protocol failure. NODE_DEBUG=gobrpc prints
stack traces. Colour only on a terminal, and never with NO_COLOR.
`;

const COMMANDS: Record<string, { run: (io: Io, args: string[]) => Promise<void>; help: string }> = {
  dump: { run: dump, help: DUMP_HELP },
  list: { run: list, help: LIST_HELP },
  call: { run: call, help: CALL_HELP },
  record: { run: record, help: RECORD_HELP },
};

/** The version in the package's package.json (the first one named gobrpc above this module). */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'gobrpc' && pkg.version) return pkg.version;
    } catch {
      // No package.json here: look further up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/** Runs the command line `args` and returns the exit code. Never throws. */
export async function main(args: string[], io: Io): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    io.stderr.write(MAIN_HELP);
    return ExitCode.Usage;
  }
  if (name === '--version' || name === 'version') {
    io.stdout.write(`gobrpc ${packageVersion()}\n`);
    return ExitCode.Ok;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    const sub = name === 'help' ? COMMANDS[rest[0] ?? ''] : undefined;
    io.stdout.write(sub ? sub.help : MAIN_HELP);
    return ExitCode.Ok;
  }
  const command = COMMANDS[name];
  if (!command) return report(io, new UsageError(`unknown command ${JSON.stringify(name)} (want dump, list, call or record)`));
  try {
    await command.run(io, rest);
    return ExitCode.Ok;
  } catch (e) {
    return report(io, e, name);
  }
}

/** Prints one line for `e` on stderr and returns its exit code. */
function report(io: Io, e: unknown, command?: string): number {
  debug('%s', (e as Error)?.stack ?? e);
  // The reader of our output went away (`gobrpc dump big.gob | head`): nothing to say.
  if ((e as NodeJS.ErrnoException)?.code === 'EPIPE') return ExitCode.Ok;
  if (isServerError(e)) {
    // The server's own words, exactly as Go's rpc.ServerError prints them.
    io.stderr.write(`${(e as Error).message}\n`);
    return ExitCode.ServerError;
  }
  const message = oneLine(e instanceof Error ? e.message : String(e));
  if (e instanceof UsageError) {
    io.stderr.write(`gobrpc${command ? ' ' + command : ''}: ${message} (see 'gobrpc ${command ?? ''}${command ? ' ' : ''}--help')\n`);
    return ExitCode.Usage;
  }
  io.stderr.write(`gobrpc${command ? ' ' + command : ''}: ${message}\n`);
  return ExitCode.Failure;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
