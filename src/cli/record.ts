import type { Io } from './common.js';
export const RECORD_HELP = 'Usage: gobrpc record --listen HOST:PORT --target HOST:PORT [--out FILE.ts] [--count N]\n';
export async function record(_io: Io, _args: string[]): Promise<void> {
  throw new Error('not yet');
}
