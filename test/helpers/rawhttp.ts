// Raw HTTP exchanges for the tests of the CONNECT handshake and the answers around it: send
// bytes exactly as given (bare LFs included), read back exactly one response.
import { connectRaw } from './goproc.js';

/** One response as the bytes arrived, and its parts. */
export interface RawResponse {
  /** Everything received for this response, head and body. */
  bytes: string;
  statusLine: string;
  /** Header lines in the order sent, `Date` values replaced by `<date>`. */
  headers: string[];
  body: string;
  /** The Date header's value as sent, if any. */
  date: string | undefined;
}

/** The HTTP date format Go and Node both write (RFC 7231 IMF-fixdate). */
export const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

/**
 * Sends `request` to `addr` ("host:port") and resolves with the first response once its head
 * and `Content-Length` bytes of body arrived (or the connection closed). Rejects if the
 * connection closes before a whole head arrived, with what did arrive. The answer to a HEAD
 * request has no body, whatever its Content-Length says.
 */
export async function rawExchange(addr: string, request: string | Uint8Array): Promise<RawResponse> {
  const s = await connectRaw(addr);
  s.write(request);
  const head = Buffer.from(request).toString('latin1').startsWith('HEAD ');
  let got = Buffer.alloc(0);
  return new Promise<RawResponse>((resolve, reject) => {
    const finish = (closed: boolean) => {
      const r = parse(got.toString('latin1'), closed, head);
      if (r === undefined) {
        if (closed) reject(new Error(`connection closed after ${JSON.stringify(got.toString('latin1'))}`));
        return;
      }
      s.destroy();
      resolve(r);
    };
    s.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      finish(false);
    });
    s.on('error', () => {});
    s.on('close', () => finish(true));
  });
}

function parse(text: string, closed: boolean, headRequest: boolean): RawResponse | undefined {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return undefined;
  const head = text.slice(0, m.index).split(/\r?\n/);
  const rest = text.slice(m.index + m[0].length);
  const length = head.find((h) => /^content-length:/i.test(h));
  const want = headRequest ? 0 : length === undefined ? undefined : Number(length.slice(length.indexOf(':') + 1));
  if (want !== undefined ? rest.length < want : !closed) return undefined;
  const bytes = want === undefined ? text : text.slice(0, m.index + m[0].length + want);
  const dateLine = head.find((h) => h.startsWith('Date: '));
  return {
    bytes,
    statusLine: head[0]!,
    headers: head.slice(1).map((h) => (h.startsWith('Date: ') ? 'Date: <date>' : h)),
    body: want === undefined ? rest : rest.slice(0, want),
    date: dateLine?.slice('Date: '.length),
  };
}
