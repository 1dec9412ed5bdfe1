// `node build/bench/jsonnum.js`: how long a 48 MiB JSON number sent to the jsonrpc server holds
// up a good client calling the same server. Figures only: nothing here fails a test run.
import { connect, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { defineService, Server, t } from '../src/index.js';
import * as jsonrpc from '../src/jsonrpc/index.js';

const SIZE = Number(process.env.SIZE ?? 48 << 20);
const Echo = defineService('Echo', { Int: { args: t.float64, reply: t.float64 } });

async function measure(label: string, options: jsonrpc.JsonServeOptions): Promise<void> {
  const server = new Server().register(Echo, { Int: (x) => x });
  const listener = await jsonrpc.listen(server, 0, '127.0.0.1', options);
  const { port } = listener.address() as AddressInfo;
  const good = await jsonrpc.dial(`127.0.0.1:${port}`);
  const echo = good.service(Echo);
  await echo.Int(1);
  // The hostile peer: one request whose argument is SIZE digits, sent in 64 KiB writes.
  const bad = connect(port, '127.0.0.1');
  await once(bad, 'connect');
  bad.on('error', () => {});
  const digits = Buffer.alloc(SIZE, 0x37);
  const start = performance.now();
  let sent = false;
  const closed = new Promise<string>((resolve) => {
    bad.on('data', (d) => resolve(`answered: ${d.toString().slice(0, 100)}`));
    bad.on('close', () => resolve('connection closed'));
  });
  (async () => {
    bad.write('{"method":"Echo.Int","params":[');
    for (let p = 0; p < SIZE && !bad.destroyed; p += 65536) {
      if (!bad.write(digits.subarray(p, p + 65536))) await once(bad, 'drain').catch(() => {});
    }
    if (!bad.destroyed) bad.write('],"id":1}');
    sent = true;
  })();
  let worst = 0;
  let calls = 0;
  let outcome: string | undefined;
  void closed.then((o) => (outcome = o));
  while (outcome === undefined || !sent) {
    const s = performance.now();
    await echo.Int(calls);
    worst = Math.max(worst, performance.now() - s);
    calls++;
    if (performance.now() - start > 60_000) break;
  }
  const total = performance.now() - start;
  console.log(`${label.padEnd(40)} ${outcome} after ${total.toFixed(0)} ms; good client: ${calls} calls, slowest ${worst.toFixed(1)} ms`);
  bad.destroy();
  good.close();
  listener.close();
}

if (process.env.ONLY !== 'unlimited') await measure('default limits (number limit 64 KiB)', {});
await measure('maxNumberLength: Infinity', { maxNumberLength: Infinity });
