// One raw line-oriented exchange, for the JSON-RPC tests that send the same bytes to Go's server
// and to ours and compare the answers.
import { connectRaw } from './goproc.js';

/**
 * Sends `request` and a FIN on a fresh connection and returns everything the server writes
 * until it has written one line (then hangs up) or closes the connection.
 */
export async function exchangeLine(port: number, request: string | Uint8Array, host = '127.0.0.1'): Promise<string> {
  const sock = await connectRaw(`${host}:${port}`);
  let text = '';
  const done = new Promise<void>((resolve) => {
    sock.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      if (text.includes('\n')) {
        sock.destroy();
        resolve();
      }
    });
    sock.on('close', () => resolve());
    sock.on('error', () => resolve());
  });
  sock.end(request);
  await done;
  return text;
}
