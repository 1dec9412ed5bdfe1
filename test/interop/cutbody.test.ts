// A response body cut short by the end of the stream, read by Go's net/rpc client
// (interop/scriptclient) and by ours from the same bytes: a raw server answers the first request
// with a response header and part of its body, then closes. Go's client fails that call with
// "reading body " and the decoder's io.ErrUnexpectedEOF (io.EOF when no byte of the body came).
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { Encoder, t } from '../../src/gob/index.js';
import { dial, isRpcError } from '../../src/rpc/index.js';
import { responseSchema } from '../../src/rpc/codec.js';
import { goBin } from '../helpers/goproc.js';
import { startScript } from '../helpers/script.js';

/** A server that answers the first request on each connection with `reply()` and closes. */
async function rawServer(reply: () => Uint8Array, cleanup: (fn: () => unknown) => void): Promise<string> {
  const server = net.createServer((s) => {
    s.once('data', () => s.end(reply()));
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup(() => new Promise((resolve) => server.close(resolve)));
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** Response header for call 0 of Svc.Echo, then the string reply "hello" with only its first `keep` bytes. */
function cutReply(keep: number): Uint8Array {
  const enc = new Encoder();
  const header = enc.encode(responseSchema, { ServiceMethod: 'Svc.Echo', Seq: 0, Error: '' });
  const body = enc.encode(t.string, 'hello');
  return Buffer.concat([header, body.subarray(0, keep)]);
}

// [what arrives of the body, how many of its 9 bytes, Go's decoder error]
const cases: Array<[string, number, string]> = [
  ['part of the body', 6, 'unexpected EOF'],
  ['no byte of the body', 0, 'EOF'],
];

for (const [name, keep, goText] of cases) {
  test(`a response with ${name} before the end: Go's client and ours fail the call alike`, async (ctx) => {
    const addr = await rawServer(() => cutReply(keep), ctx.after.bind(ctx));
    const go = await startScript(goBin('scriptclient'), ['-addr', addr], ctx.after.bind(ctx));
    go.send('call 1 Svc.Echo hi');
    assert.equal(await go.line(/^1 (reply|server error|error) /), `1 error ${JSON.stringify(`reading body ${goText}`)}`);
    go.send('close');
    assert.equal(await go.end(), 0);

    const client = await dial(addr);
    ctx.after(() => client.close());
    const failure = await client.call('Svc.Echo', 'hi', { argSchema: t.string, replySchema: t.string }).then(
      () => ({ code: 'none', message: 'no error' }),
      (e: unknown) => {
        assert.ok(isRpcError(e), `not an RpcError: ${e}`);
        return { code: e.code, message: e.message };
      },
    );
    // Ours names the call before Go's text, as for every body error (client.ts bodyError).
    assert.deepEqual(failure, { code: 'BODY', message: `Svc.Echo: reading body ${goText}` });
  });
}
