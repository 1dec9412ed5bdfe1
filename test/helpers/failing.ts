// A service whose every method fails with a different kind of thrown value, and the exact text
// a Go client receives for each (issue 12 point 3; the rule is documented on errorText).
import { type HandlerFailure, type MethodDef, Server } from '../../src/rpc/index.js';
import { ERR_UNPRINTABLE } from '../../src/rpc/error.js';
import { t } from '../../src/gob/index.js';

class NoFields {}
class Money {
  constructor(readonly amount: number) {}
  toString(): string {
    return `${this.amount} EUR`;
  }
}
const cycle: Record<string, unknown> = { a: 1 };
cycle.self = cycle;
const NON_ERROR = 'rpc: method threw a non-Error value: ';

/** [method, what its handler throws (a thunk, so each call throws afresh), the text Go prints]. */
export const FAILURES: Array<[string, () => unknown, string]> = [
  ['Error', () => new Error('divide by zero'), 'divide by zero'],
  ['TypeError', () => new TypeError('x is not a function'), 'x is not a function'],
  ['EmptyError', () => new Error(''), 'Error'],
  ['EmptyRangeError', () => new RangeError(), 'RangeError'],
  ['String', () => 'plain text', 'plain text'],
  ['EmptyString', () => '', 'rpc: method failed with an empty error'],
  ['MessageObject', () => ({ message: 'from another realm', code: 7 }), 'from another realm'],
  ['CodeObject', () => ({ code: 42 }), NON_ERROR + '{"code":42}'],
  ['EmptyObject', () => ({}), NON_ERROR + '{}'],
  ['Array', () => [1, 'a', null], NON_ERROR + '[1,"a",null]'],
  ['Undefined', () => undefined, NON_ERROR + 'undefined'],
  ['Null', () => null, NON_ERROR + 'null'],
  ['Number', () => 42, NON_ERROR + '42'],
  ['NaN', () => NaN, NON_ERROR + 'NaN'],
  ['Bigint', () => 42n, NON_ERROR + '42n'],
  ['Boolean', () => false, NON_ERROR + 'false'],
  ['Symbol', () => Symbol('why'), NON_ERROR + 'Symbol(why)'],
  ['Function', () => function cleanup() {}, NON_ERROR + '[function cleanup]'],
  ['Map', () => new Map([[1, 2]]), NON_ERROR + '[object Map]'],
  ['Instance', () => new NoFields(), NON_ERROR + '[object Object]'],
  ['Cycle', () => cycle, NON_ERROR + '[object Object]'],
  ['BigintField', () => ({ n: 1n }), NON_ERROR + '[object Object]'],
  ['Long', () => ({ s: 'x'.repeat(300) }), NON_ERROR + '{"s":"' + 'x'.repeat(194) + '...'],
  // A string is a message: it goes whole, as Go sends err.Error() whole; only renderings are cut.
  ['LongString', () => 'y'.repeat(500), 'y'.repeat(500)],
  ['OwnToString', () => ({ toString: () => 'custom' }), NON_ERROR + 'custom'],
  ['ClassToString', () => new Money(3), NON_ERROR + '3 EUR'],
  ['LongToString', () => ({ toString: () => 'z'.repeat(300) }), NON_ERROR + 'z'.repeat(200) + '...'],
  [
    'ThrowingToString',
    () => ({
      code: 1,
      toString() {
        throw new Error('no');
      },
    }),
    NON_ERROR + '{"code":1}',
  ],
  ['EmptyAggregate', () => new AggregateError([new Error('a'), 'b', new AggregateError([new Error('c')], '')], ''), 'a\nb\nc'],
  ['NamedAggregate', () => new AggregateError([new Error('a')], 'all failed'), 'all failed'],
  ['EmptyAggregateNoErrors', () => new AggregateError([], ''), 'AggregateError'],
  [
    'ThrowingMessage',
    () =>
      Object.defineProperty(new Error('hidden'), 'message', {
        get() {
          throw new Error('getter');
        },
      }),
    ERR_UNPRINTABLE,
  ],
  [
    'ThrowingName',
    () =>
      Object.defineProperty(new Error(''), 'name', {
        get() {
          throw new Error('getter');
        },
      }),
    ERR_UNPRINTABLE,
  ],
  ['RevokedProxy', () => revokedProxy(), ERR_UNPRINTABLE],
];

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable(new Error('revoked'), {});
  revoke();
  return proxy;
}

/**
 * A server with service `Fail`: method `X` throws FAILURES' value synchronously, `AsyncX`
 * rejects with it; `BadReply` returns a string for an int reply. Every failure goes to `hook`.
 */
export function failingServer(hook?: (f: HandlerFailure) => void): Server {
  const methods: Record<string, MethodDef> = {};
  for (const [name, value] of FAILURES) {
    methods[name] = {
      args: t.int,
      reply: t.int,
      handler: () => {
        throw value();
      },
    };
    methods['Async' + name] = {
      args: t.int,
      reply: t.int,
      handler: async () => {
        throw value();
      },
    };
  }
  methods.BadReply = { args: t.int, reply: t.int, handler: () => 'not an int' as unknown as number };
  methods.Ok = { args: t.int, reply: t.int, handler: (n: number) => n + 1 };
  return new Server(hook ? { onHandlerError: hook } : {}).register('Fail', methods);
}
