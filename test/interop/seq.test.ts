// Request sequence numbers past 2^53 − 1. Go's Seq is a uint64: Go's server echoes whatever a
// client sends, and Go's client drops a response whose Seq matches no call (client.go's input:
// "reading error body" path, the body read and thrown away) and goes on. Both are checked here
// against Go itself: the same bytes to Go's server (interop/badbody) and to the TypeScript one,
// and the same stray responses to Go's client (interop/scriptclient) and to the TypeScript one.
import assert from 'node:assert/strict';
import net from 'node:net';
import { before, describe, test } from 'node:test';
import { Decoder, Encoder, NEED_MORE, t } from '../../src/gob/index.js';
import {
  type CallContext,
  defineService,
  dial,
  invalidRequestSchema,
  requestSchema,
  responseSchema,
  Server,
  type ServiceImpl,
} from '../../src/rpc/index.js';
import { connectRaw, goBin, startGo, suiteCleanup } from '../helpers/goproc.js';
import { startScript } from '../helpers/script.js';

const Svc = defineService('Svc', { Echo: { args: t.int, reply: t.int } });
/** The seq each call of the TypeScript server saw, in order. */
const seen: Array<number | bigint> = [];
const svcImpl: ServiceImpl<typeof Svc> = {
  Echo: (n: number, ctx: CallContext) => {
    seen.push(ctx.seq);
    return n;
  },
};

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** A uint64 as the header schemas take and give it: a number up to 2^53 − 1, else a bigint. */
const seqValue = (s: bigint): number | bigint => (s <= MAX_SAFE ? Number(s) : s);

const SEQS = [0n, MAX_SAFE, MAX_SAFE + 1n, MAX_SAFE + 2n, 1n << 63n, (1n << 64n) - 1n, 5n];

/**
 * Sends Svc.Echo(i) with Seq SEQS[i] on one connection, one request at a time (each after the
 * previous reply, so the reply bytes come in a fixed order), then ends it. Resolves with every
 * byte received and each reply as "seq error-or-value", then "closed".
 */
async function exchange(port: number): Promise<{ bytes: Buffer; replies: string[] }> {
  const s = await connectRaw(port);
  const chunks: Buffer[] = [];
  const dec = new Decoder();
  let wake: (() => void) | undefined;
  s.on('data', (c: Buffer) => {
    chunks.push(c);
    dec.write(c);
    wake?.();
  });
  const closed = new Promise((res) => s.once('close', res));
  const more = () => new Promise<void>((res) => (wake = res));
  const enc = new Encoder();
  const replies: string[] = [];
  for (const [i, seq] of SEQS.entries()) {
    s.write(Buffer.concat([enc.encode(requestSchema, { ServiceMethod: 'Svc.Echo', Seq: seqValue(seq) }), enc.encode(t.int, i)]));
    let h = dec.next(responseSchema);
    while (h === NEED_MORE) {
      await more();
      h = dec.next(responseSchema);
    }
    let v = h.Error === '' ? dec.next(t.int) : dec.discard();
    while (v === NEED_MORE) {
      await more();
      v = h.Error === '' ? dec.next(t.int) : dec.discard();
    }
    replies.push(`${h.Seq} ${typeof h.Seq} ${h.Error === '' ? `= ${String(v)}` : `error: ${h.Error}`}`);
  }
  s.end();
  await closed;
  replies.push('closed');
  return { bytes: Buffer.concat(chunks), replies };
}

const cleanup = suiteCleanup();

describe('a request Seq past 2^53 − 1', () => {
  let goPort = 0;
  let tsPort = 0;
  const server = new Server().register(Svc, svcImpl);
  before(async () => {
    goPort = (await startGo('badbody', [], cleanup)).port;
    tsPort = ((await server.listen()).address() as net.AddressInfo).port;
    cleanup(() => server.close());
  });

  test("is echoed exactly, byte for byte as Go's server, and the connection goes on", async () => {
    const want = [
      '0 number = 0',
      '9007199254740991 number = 1',
      '9007199254740992 bigint = 2',
      '9007199254740993 bigint = 3',
      '9223372036854775808 bigint = 4',
      '18446744073709551615 bigint = 5',
      '5 number = 6',
      'closed',
    ];
    const go = await exchange(goPort);
    assert.deepEqual(go.replies, want, "Go's server");
    const ts = await exchange(tsPort);
    assert.deepEqual(ts.replies, want, 'the TypeScript server');
    assert.equal(ts.bytes.toString('hex'), go.bytes.toString('hex'));
    // Handlers and interceptors see the seq as the header gives it.
    assert.deepEqual(seen, SEQS.map(seqValue));
  });
});

/**
 * A server that answers each request (Svc.Echo, a string) first with two responses for calls
 * that do not exist, under Seqs past 2^53 − 1 (one with a reply body, one with an error), then
 * with the real reply, "ok " + the argument.
 */
async function strayServer(): Promise<number> {
  const l = net.createServer((s) => {
    const dec = new Decoder();
    const enc = new Encoder();
    let header: { ServiceMethod: string; Seq: number | bigint } | undefined;
    s.on('error', () => {});
    s.on('data', (c: Buffer) => {
      dec.write(c);
      for (;;) {
        if (header === undefined) {
          const h = dec.next(requestSchema);
          if (h === NEED_MORE) return;
          header = h;
          continue;
        }
        const arg = dec.next(t.string);
        if (arg === NEED_MORE) return;
        s.write(
          Buffer.concat([
            enc.encode(responseSchema, { ServiceMethod: header.ServiceMethod, Seq: (1n << 64n) - 1n, Error: '' }),
            enc.encode(t.string, 'stray'),
            enc.encode(responseSchema, { ServiceMethod: header.ServiceMethod, Seq: MAX_SAFE + 1n, Error: 'stray error' }),
            enc.encode(invalidRequestSchema, {}),
            enc.encode(responseSchema, { ServiceMethod: header.ServiceMethod, Seq: header.Seq, Error: '' }),
            enc.encode(t.string, `ok ${arg}`),
          ]),
        );
        header = undefined;
      }
    });
  });
  await new Promise<void>((res) => l.listen(0, '127.0.0.1', res));
  cleanup(() => new Promise((res) => l.close(res)));
  return (l.address() as net.AddressInfo).port;
}

describe('a response Seq past 2^53 − 1 that matches no call', () => {
  test("is read and dropped by Go's client and by the TypeScript one, and calls go on", async () => {
    const port = await strayServer();
    const go = await startScript(goBin('scriptclient'), ['-addr', `127.0.0.1:${port}`], cleanup);
    go.send('call 1 Svc.Echo a');
    assert.equal(await go.line(/^1 (reply|error|server error)/), '1 reply "ok a"');
    go.send('call 2 Svc.Echo b');
    assert.equal(await go.line(/^2 (reply|error|server error)/), '2 reply "ok b"');
    assert.equal(await go.end(), 0);

    const c = await dial({ host: '127.0.0.1', port });
    const options = { argSchema: t.string, replySchema: t.string };
    assert.equal(await c.call('Svc.Echo', 'a', options), 'ok a');
    assert.equal(await c.call('Svc.Echo', 'b', options), 'ok b');
    assert.equal(c.pendingCount, 0);
    await c.close();
  });
});
