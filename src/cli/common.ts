// What every subcommand shares: usage errors, argument parsing, output with backpressure, and
// whether to use colour.
import { once } from 'node:events';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseAddress } from '../index.js';
import { ANSI, type Palette, PLAIN } from './format.js';

/** Exit codes, documented in `gobrpc --help` and the README. */
export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** The server answered the call with an error. */
  ServerError: 1,
  /** The command line was wrong (an unknown flag, a bad argument, bad JSON). */
  Usage: 2,
  /** A connection, I/O or protocol failure (refused, timed out, bad gob data). */
  Failure: 3,
} as const;

/** A mistake on the command line: exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The process streams and environment a subcommand runs with (tests of the command use the real ones). */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function paletteFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Palette {
  return stream.isTTY && !env.NO_COLOR ? ANSI : PLAIN;
}

/** A command-line word that is a negative number (`-5`, `-1.5e3`), not a flag. */
const NEGATIVE_NUMBER = /^-(?:\d|\.\d)/;

/**
 * Parses `args` with node:util's parseArgs (strict: unknown flags are usage errors). Returns
 * `undefined` after printing `help` when `--help` is given. A negative number is a value, not
 * a flag: an ARGS_JSON of `-5` is a positional, and `--timeout -1` gives --timeout the value
 * -1 (for its own check to refuse), where parseArgs would take both for options.
 */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  io: Io,
  args: string[],
  options: T,
  help: string,
):
  | { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string } & { help?: boolean }; positionals: string[] }
  | undefined {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  // Negative numbers stand in the arguments as placeholders parseArgs takes for positionals.
  const negatives: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      words.push(...args.slice(i));
      break;
    }
    const prev = words[words.length - 1];
    const flag = prev?.startsWith('--') && !prev.includes('=') ? options[prev.slice(2)] : undefined;
    if (NEGATIVE_NUMBER.test(a) && flag?.type === 'string') words[words.length - 1] = `${prev}=${a}`;
    else if (NEGATIVE_NUMBER.test(a)) words.push(`\0${negatives.push(a) - 1}`);
    else words.push(a);
  }
  try {
    parsed = parseArgs({
      args: words,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
    parsed.positionals = parsed.positionals.map((p) => (p.startsWith('\0') ? negatives[Number(p.slice(1))]! : p));
  } catch (e) {
    // Node's own texts are long and change between versions; say the essential part.
    const message = (e as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `unknown option ${unknown[1]}` : message.split('\n')[0]!);
  }
  if (parsed.values.help) {
    io.stdout.write(help);
    return undefined;
  }
  return parsed as never;
}

/** Writes to a stream, waiting for 'drain' when its buffer is full, so output never piles up in memory. */
export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** Reads all of a stream (stdin for `-`). */
export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  return Buffer.concat(parts);
}

/** A positive integer flag value (milliseconds, counts). */
export function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`--${flag} needs a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

/** The default of `--timeout` for `call` and `list`, in milliseconds (documented in their --help and the README). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The longest `--timeout`: Node's timers hold at most 2^31-1 ms (about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * `--timeout MS`: `DEFAULT_TIMEOUT_MS` when absent, `undefined` (no limit) for 0, else the
 * milliseconds given. A usage error for anything but an integer from 0 to MAX_TIMEOUT_MS.
 */
export function timeoutFlag(v: string | undefined): number | undefined {
  if (v === undefined) return DEFAULT_TIMEOUT_MS;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n))
    throw new UsageError(`--timeout needs a number of milliseconds (0: none), got ${JSON.stringify(v)}`);
  if (n > MAX_TIMEOUT_MS) throw new UsageError(`--timeout is at most ${MAX_TIMEOUT_MS} ms (0: no limit), got ${v}`);
  return n === 0 ? undefined : n;
}

/** HOST:PORT from the command line (a usage error when it is not one). */
export function address(s: string): { host: string; port: number } {
  try {
    const a = parseAddress(s);
    if (a.port === 0) throw new TypeError('port 0');
    return a;
  } catch {
    throw new UsageError(`bad address ${JSON.stringify(s)} (want HOST:PORT)`);
  }
}
