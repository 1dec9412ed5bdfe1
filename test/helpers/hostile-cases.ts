// Hand-made gob streams a corrupted or hostile peer may send, with what Go's Decoder makes of
// each (recorded from interop/gobhostile, Go 1.26, and checked against it again by
// test/interop/gob-hostile.test.ts): `reading` is a gobcases case whose types the values are
// decoded into, 'nil' for Go's Decode(nil) (our discard), 'loose' for our schema-less reading,
// which must succeed or fail where Decode(nil) does. Outcomes as helpers/hostile.ts.
import type { Outcome } from './hostile.js';

export interface HostileCase {
  what: string;
  reading: string;
  hex: string;
  expect: Outcome;
}

/**
 * Type definitions that set two kinds. Type 64 sets the pair named (a slice of int, a struct
 * Point{X, Y int}, a map[string]int, an array [3]int, a GobEncoder), then one value: a []int
 * {1, 2, 3}, a Point{3, 4} or a map {"a": 1}; "nested" values are of a struct Outer{A: 64}.
 */
export const TWO_KINDS: HostileCase[] = [
  {
    what: 'slice+struct, slice value',
    reading: 'slice_int',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800003020406',
    expect: { values: [[{ n: '1' }, { n: '2' }, { n: '3' }]], error: '', after: 'EOF' },
  },
  {
    what: 'slice+struct, point value',
    reading: 'slice_int',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800106010800',
    expect: { values: [], error: 'gob: decode: corrupted data: non-zero delta for singleton', after: '' },
  },
  {
    what: 'struct+map, point value',
    reading: 'slice_int',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800106010800',
    expect: { values: [], error: 'gob: decoding into local type *[]int, received remote type Point', after: '' },
  },
  {
    what: 'struct+map, map value',
    reading: 'slice_int',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800001016102',
    expect: { values: [], error: 'gob: decoding into local type *[]int, received remote type Point', after: '' },
  },
  {
    what: 'slice+map, map value',
    reading: 'slice_int',
    hex: '167f020102ff8000010400020102ff8000010c0104000007ff800001016102',
    expect: { values: [[{ n: '-1' }]], error: '', after: 'EOF' },
  },
  {
    what: 'slice+map, slice value',
    reading: 'slice_int',
    hex: '167f020102ff8000010400020102ff8000010c0104000007ff800003020406',
    expect: { values: [[{ n: '1' }, { n: '2' }, { n: '3' }]], error: '', after: 'EOF' },
  },
  {
    what: 'array+slice, slice value',
    reading: 'slice_int',
    hex: '167f010102ff80000104010600010102ff80000104000007ff800003020406',
    expect: { values: [[{ n: '1' }, { n: '2' }, { n: '3' }]], error: '', after: 'EOF' },
  },
  {
    what: 'slice+gob, slice value',
    reading: 'slice_int',
    hex: '157f020102ff8000010400030101014701ff8000000007ff800003020406',
    expect: { values: [], error: 'gob: decoding into local type *[]int, received remote type ', after: '' },
  },
  {
    what: 'struct+gob, point value',
    reading: 'slice_int',
    hex: '287f03010105506f696e7401ff8000010201015801040001015901040000020101014701ff8000000007ff800106010800',
    expect: { values: [], error: 'gob: decoding into local type *[]int, received remote type Point', after: '' },
  },
  {
    what: 'slice+struct, slice value',
    reading: 'point',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800003020406',
    expect: { values: [{ X: { n: '0' }, Y: { n: '0' } }], error: '', after: 'EOF' },
  },
  {
    what: 'slice+struct, point value',
    reading: 'point',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800106010800',
    expect: { values: [{ X: { n: '3' }, Y: { n: '4' } }], error: '', after: 'EOF' },
  },
  {
    what: 'struct+map, point value',
    reading: 'point',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800106010800',
    expect: { values: [{ X: { n: '3' }, Y: { n: '4' } }], error: '', after: 'EOF' },
  },
  {
    what: 'struct+map, map value',
    reading: 'point',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800001016102',
    expect: { values: [{ X: { n: '0' }, Y: { n: '0' } }], error: '', after: 'EOF' },
  },
  {
    what: 'slice+map, map value',
    reading: 'point',
    hex: '167f020102ff8000010400020102ff8000010c0104000007ff800001016102',
    expect: { values: [], error: 'gob: type mismatch in decoder: want struct type gobcases.Point; got non-struct', after: '' },
  },
  {
    what: 'slice+map, slice value',
    reading: 'point',
    hex: '167f020102ff8000010400020102ff8000010c0104000007ff800003020406',
    expect: { values: [], error: 'gob: type mismatch in decoder: want struct type gobcases.Point; got non-struct', after: '' },
  },
  {
    what: 'array+slice, slice value',
    reading: 'point',
    hex: '167f010102ff80000104010600010102ff80000104000007ff800003020406',
    expect: { values: [], error: 'gob: type mismatch in decoder: want struct type gobcases.Point; got non-struct', after: '' },
  },
  {
    what: 'slice+gob, slice value',
    reading: 'point',
    hex: '157f020102ff8000010400030101014701ff8000000007ff800003020406',
    expect: { values: [], error: 'gob: type mismatch in decoder: want struct type gobcases.Point; got non-struct', after: '' },
  },
  {
    what: 'struct+gob, point value',
    reading: 'point',
    hex: '287f03010105506f696e7401ff8000010201015801040001015901040000020101014701ff8000000007ff800106010800',
    expect: { values: [{ X: { n: '3' }, Y: { n: '4' } }], error: '', after: 'EOF' },
  },
  {
    what: 'slice+struct, slice value',
    reading: 'map_string_int_one',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800003020406',
    expect: { values: [], error: 'gob: decoding into local type *map[string]int, received remote type ', after: '' },
  },
  {
    what: 'slice+struct, point value',
    reading: 'map_string_int_one',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800106010800',
    expect: { values: [], error: 'gob: decoding into local type *map[string]int, received remote type ', after: '' },
  },
  {
    what: 'struct+map, point value',
    reading: 'map_string_int_one',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800106010800',
    expect: { values: [], error: 'gob: decode: corrupted data: non-zero delta for singleton', after: '' },
  },
  {
    what: 'struct+map, map value',
    reading: 'map_string_int_one',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800001016102',
    expect: { values: [{ m: [['a', { n: '1' }]] }], error: '', after: 'EOF' },
  },
  {
    what: 'slice+map, map value',
    reading: 'map_string_int_one',
    hex: '167f020102ff8000010400020102ff8000010c0104000007ff800001016102',
    expect: { values: [{ m: [['a', { n: '1' }]] }], error: '', after: 'EOF' },
  },
  {
    what: 'array+slice, slice value',
    reading: 'map_string_int_one',
    hex: '167f010102ff80000104010600010102ff80000104000007ff800003020406',
    expect: { values: [], error: 'gob: decoding into local type *map[string]int, received remote type ', after: '' },
  },
  {
    what: 'slice+gob, slice value',
    reading: 'map_string_int_one',
    hex: '157f020102ff8000010400030101014701ff8000000007ff800003020406',
    expect: { values: [], error: 'gob: decoding into local type *map[string]int, received remote type ', after: '' },
  },
  {
    what: 'struct+gob, point value',
    reading: 'map_string_int_one',
    hex: '287f03010105506f696e7401ff8000010201015801040001015901040000020101014701ff8000000007ff800106010800',
    expect: { values: [], error: 'gob: decoding into local type *map[string]int, received remote type Point', after: '' },
  },
  {
    what: 'slice+struct, slice value',
    reading: 'nil',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800003020406',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'slice+struct, point value',
    reading: 'nil',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'struct+map, point value',
    reading: 'nil',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'struct+map, map value',
    reading: 'nil',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800001016102',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'slice+map, map value',
    reading: 'nil',
    hex: '167f020102ff8000010400020102ff8000010c0104000007ff800001016102',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'slice+map, slice value',
    reading: 'nil',
    hex: '167f020102ff8000010400020102ff8000010c0104000007ff800003020406',
    expect: { values: [0], error: 'EOF', after: '' },
  },
  {
    what: 'array+slice, slice value',
    reading: 'nil',
    hex: '167f010102ff80000104010600010102ff80000104000007ff800003020406',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'slice+gob, slice value',
    reading: 'nil',
    hex: '157f020102ff8000010400030101014701ff8000000007ff800003020406',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'struct+gob, point value',
    reading: 'nil',
    hex: '287f03010105506f696e7401ff8000010201015801040001015901040000020101014701ff8000000007ff800106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'nested struct+map, map field',
    reading: 'nil',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c010400001aff81030101054f7574657201ff8200010101014101ff8000000008ff82010101610200',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'nested struct+map, struct field',
    reading: 'nil',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c010400001aff81030101054f7574657201ff8200010101014101ff8000000007ff820101060000',
    expect: { values: [0], error: 'gob: slice length too large', after: '' },
  },
  {
    what: 'nested slice+struct, struct field',
    reading: 'nil',
    hex: '277f020102ff800001040001010105506f696e7401ff8000010201015801040001015901040000001aff81030101054f7574657201ff8200010101014101ff8000000007ff820101060000',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'nested slice+struct, slice field',
    reading: 'nil',
    hex: '277f020102ff800001040001010105506f696e7401ff8000010201015801040001015901040000001aff81030101054f7574657201ff8200010101014101ff8000000007ff820102060800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'slice+struct, slice value',
    reading: 'loose',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800003020406',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'slice+struct, point value',
    reading: 'loose',
    hex: '277f020102ff800001040001010105506f696e7401ff80000102010158010400010159010400000007ff800106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'struct+map, point value',
    reading: 'loose',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'struct+map, map value',
    reading: 'loose',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c0104000007ff800001016102',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'slice+map, map value',
    reading: 'loose',
    hex: '167f020102ff8000010400020102ff8000010c0104000007ff800001016102',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'array+slice, slice value',
    reading: 'loose',
    hex: '167f010102ff80000104010600010102ff80000104000007ff800003020406',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'slice+gob, slice value',
    reading: 'loose',
    hex: '157f020102ff8000010400030101014701ff8000000007ff800003020406',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'struct+gob, point value',
    reading: 'loose',
    hex: '287f03010105506f696e7401ff8000010201015801040001015901040000020101014701ff8000000007ff800106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'nested struct+map, map field',
    reading: 'loose',
    hex: '297f03010105506f696e7401ff8000010201015801040001015901040000010102ff8000010c010400001aff81030101054f7574657201ff8200010101014101ff8000000008ff82010101610200',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'nested slice+struct, struct field',
    reading: 'loose',
    hex: '277f020102ff800001040001010105506f696e7401ff8000010201015801040001015901040000001aff81030101054f7574657201ff8200010101014101ff8000000007ff820101060000',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'nested slice+struct, slice field',
    reading: 'loose',
    hex: '277f020102ff800001040001010105506f696e7401ff8000010201015801040001015901040000001aff81030101054f7574657201ff8200010101014101ff8000000007ff820102060800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
];

/**
 * The concrete type id inside an interface value (a *any holding main.Point, id 64, its id in
 * the second message), read as Go's decodeTypeSequence reads it: an int32 of the low 32 bits,
 * and after a read that fails, id 0 with the error kept for the end of the value. "def" cases
 * change the type definition's id inside the interface instead.
 */
export const INTERFACE_IDS: HostileCase[] = [
  {
    what: 'orig',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [{ iface: 'main.Point', v: { X: { n: '3' }, Y: { n: '4' } } }], error: '', after: 'EOF' },
  },
  {
    what: 'id 64+2^32 (5 bytes)',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000cfb0200000080050106010800',
    expect: { values: [{ iface: 'main.Point', v: { X: { n: '3' }, Y: { n: '4' } } }], error: '', after: 'EOF' },
  },
  {
    what: 'id 64+2^40',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000dfa020000000080050106010800',
    expect: { values: [{ iface: 'main.Point', v: { X: { n: '3' }, Y: { n: '4' } } }], error: '', after: 'EOF' },
  },
  {
    what: 'id 64+2^62',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000ff88000000000000080050106010800',
    expect: { values: [{ iface: 'main.Point', v: { X: { n: '3' }, Y: { n: '4' } } }], error: '', after: 'EOF' },
  },
  {
    what: 'id 64 in 8 bytes',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000ff80000000000000080050106010800',
    expect: { values: [{ iface: 'main.Point', v: { X: { n: '3' }, Y: { n: '4' } } }], error: '', after: 'EOF' },
  },
  {
    what: 'id 2^31 (neg int32)',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000cfb0100000000050106010800',
    expect: { values: [], error: 'gob: duplicate type received', after: '' },
  },
  {
    what: 'id count 9',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000010f7000000000000000000050106010800',
    expect: { values: [], error: 'gob: unknown type id or corrupted data', after: '' },
  },
  {
    what: 'id count 4 short',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000003fc0000',
    expect: { values: [], error: 'EOF', after: '' },
  },
  {
    what: 'id count 2 short at end',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000002fe01',
    expect: { values: [], error: 'EOF', after: '' },
  },
  {
    what: 'id count 1 short',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000001ff',
    expect: { values: [], error: 'EOF', after: '' },
  },
  {
    what: 'empty msg then id',
    reading: 'iface_top_level',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000008ff80050106010800',
    expect: { values: [], error: 'EOF', after: '' },
  },
  {
    what: 'def -64 as 5 bytes (2^32-64)',
    reading: 'iface_top_level',
    hex: '3010000a6d61696e2e506f696e74fb01ffffff8003010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [{ iface: 'main.Point', v: { X: { n: '3' }, Y: { n: '4' } } }], error: '', after: 'EOF' },
  },
  {
    what: 'def -64-2^32',
    reading: 'iface_top_level',
    hex: '3010000a6d61696e2e506f696e74fb020000007f03010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [{ iface: 'main.Point', v: { X: { n: '3' }, Y: { n: '4' } } }], error: '', after: 'EOF' },
  },
  {
    what: 'def -(2^31)',
    reading: 'iface_top_level',
    hex: '2f10000a6d61696e2e506f696e74fcffffffff03010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [], error: 'gob: duplicate type received', after: '' },
  },
  {
    what: 'def 9 byte count',
    reading: 'iface_top_level',
    hex: '3410000a6d61696e2e506f696e74f700000000000000000003010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [], error: 'gob: unknown type id or corrupted data', after: '' },
  },
  {
    what: 'orig',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'id 64+2^32 (5 bytes)',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000cfb0200000080050106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'id 64+2^40',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000dfa020000000080050106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'id 64+2^62',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000ff88000000000000080050106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'id 64 in 8 bytes',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000ff80000000000000080050106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'id 2^31 (neg int32)',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000cfb0100000000050106010800',
    expect: { values: [0], error: 'gob: duplicate type received', after: '' },
  },
  {
    what: 'id count 9',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000010f7000000000000000000050106010800',
    expect: { values: [0], error: 'gob: encoded unsigned integer out of range', after: '' },
  },
  {
    what: 'id count 4 short',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000003fc0000',
    expect: { values: [0], error: 'EOF', after: '' },
  },
  {
    what: 'id count 2 short at end',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000002fe01',
    expect: { values: [0], error: 'EOF', after: '' },
  },
  {
    what: 'id count 1 short',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff80000102010158010400010159010400000001ff',
    expect: { values: [0], error: 'EOF', after: '' },
  },
  {
    what: 'empty msg then id',
    reading: 'nil',
    hex: '2b10000a6d61696e2e506f696e747f03010105506f696e7401ff8000010201015801040001015901040000000008ff80050106010800',
    expect: { values: [0], error: 'EOF', after: '' },
  },
  {
    what: 'def -64 as 5 bytes (2^32-64)',
    reading: 'nil',
    hex: '3010000a6d61696e2e506f696e74fb01ffffff8003010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'def -64-2^32',
    reading: 'nil',
    hex: '3010000a6d61696e2e506f696e74fb020000007f03010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'def -(2^31)',
    reading: 'nil',
    hex: '2f10000a6d61696e2e506f696e74fcffffffff03010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [0], error: 'gob: duplicate type received', after: '' },
  },
  {
    what: 'def 9 byte count',
    reading: 'nil',
    hex: '3410000a6d61696e2e506f696e74f700000000000000000003010105506f696e7401ff80000102010158010400010159010400000008ff80050106010800',
    expect: { values: [0], error: 'gob: encoded unsigned integer out of range', after: '' },
  },
];

/**
 * Found by sending single-byte mutations and truncations of the Go-made fixtures to Go's
 * Decoder and to ours (every fixture up to 300 bytes; each byte xor 1, 0x40, 0x80, set to 0,
 * 0xff, plus one, and the stream cut there), each an outcome that differed, and hand-made map
 * counts around 2^63.
 */
export const MUTATIONS: HostileCase[] = [
  {
    what: "map entries past the message: the entry's EOF",
    reading: 'item',
    hex: '527f030101044974656d01ff800001070102494401040001044e616d65010c000105507269636501080001045461677301ff82000105417474727301ff84000103506f7301ff8600010444617461010a00000016ff81020101085b5d737472696e6701ff8200010c00001eff830401010e6d61705b737472696e675d696e7401ff8400010c0104000031ff8503010117737472756374207b205820696e743b205920696e74207d01ff8600010201015801040001015901040000004cff8001feb99a01066974656d2d3301fe0e4001040274330274330372656401010161060101060105000120030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212200',
    expect: { values: [], error: 'EOF', after: '' },
  },
  {
    what: 'map entries past the message, skipped: EOF',
    reading: 'nil',
    hex: '527f030101044974656d01ff800001070102494401040001044e616d65010c000105507269636501080001045461677301ff82000105417474727301ff84000103506f7301ff8600010444617461010a00000016ff81020101085b5d737472696e6701ff8200010c00001eff830401010e6d61705b737472696e675d696e7401ff8400010c0104000031ff8503010117737472756374207b205820696e743b205920696e74207d01ff8600010201015801040001015901040000004cff8001feb99a01066974656d2d3301fe0e4001040274330274330372656401010161060101060105000120030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212200',
    expect: { values: [0], error: 'EOF', after: '' },
  },
  {
    what: 'a skipped struct with an unnamed field',
    reading: 'nil',
    hex: '2d7f030101044c696e6501ff80000103010446726f6d01ff82000102546f01ff820001054c6162656c010c0000001fff8103010105506f696e7401ff8200010301015801040001015901040000000eff80010102010400010001016c00',
    expect: { values: [0], error: 'gob: empty name for remote field of type Point', after: '' },
  },
  {
    what: 'map[string]int, count 3, one entry',
    reading: 'nil',
    hex: '0d7f040102ff8000010c0104000007ff800003016102',
    expect: { values: [0], error: 'EOF', after: '' },
  },
  {
    what: 'map[string]int, count 2^63',
    reading: 'nil',
    hex: '0d7f040102ff8000010c010400000cff8000f88000000000000000',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'map[string]int, count 2^63 with entry',
    reading: 'nil',
    hex: '0d7f040102ff8000010c010400000fff8000f88000000000000000016102',
    expect: { values: [1], error: 'EOF', after: '' },
  },
  {
    what: 'map[string]int, count 2^63-1',
    reading: 'nil',
    hex: '0d7f040102ff8000010c010400000fff8000f87fffffffffffffff016102',
    expect: { values: [0], error: 'EOF', after: '' },
  },
  {
    what: 'map[string]int, count 1, key string too long',
    reading: 'nil',
    hex: '0d7f040102ff8000010c0104000007ff800001056162',
    expect: { values: [0], error: 'gob: slice length too large', after: '' },
  },
  {
    what: "a []string element longer than the message: dec_helpers' text",
    reading: 'byte_strings_struct',
    hex: '417f0301010b42797465537472696e677301ff8000010501024944010c0001045461677301ff8200010542794b657901ff840001015601100001014c01ff8600000016ff81020101085b5d737472696e6701ff8200010c000021ff83040101116d61705b737472696e675d737472696e6701ff8400010c010c00001cff850201010e5b5d696e74657266616365207b7d01ff86000110000010ff80010900ff1062696e617279010301c302c3a9000101049f86d08101ff0106737472696e670c060004f4908080010206737472696e670c030001fe085b5d737472696e67ff8207000201ff026f6b00',
    expect: { values: [], error: 'gob: length of string exceeds input size (1 bytes)', after: '' },
  },
  {
    what: 'a map[string]string key longer than the message',
    reading: 'byte_strings_struct',
    hex: '417f0301010b42797465537472696e677301ff8000010501024944010c0001045461677301ff8200010542794b657901ff840001015601100001014c01ff8600000016ff81020101085b5d737472696e6701ff8200010c000021ff83040101116d61705b737472696e675d737472696e6701ff8400010c010c00001cff850201010e5b5d696e74657266616365207b7d01ff86000110000050ff80010900ff1062696e617279010301c302c3a9000141049f86d08101ff0106737472696e670c060004f4908080010206737472696e670c030001fe085b5d737472696e67ff8207000201ff026f6b00',
    expect: { values: [], error: 'gob: bad string slice length: 0', after: '' },
  },
  {
    what: "a BinaryMarshaler's length past the message: GobDecoder's text",
    reading: 'binarymarshaler_top',
    hex: '127f0601010756657273696f6e01ff800000000aff800007000100020003',
    expect: { values: [], error: 'gob: GobDecoder: length too large for buffer', after: '' },
  },
  {
    what: "a second field of the local type Point whose definition names an undefined type: the first field's op (decOpFor's inProgress)",
    reading: 'nested_struct',
    hex: '2d7f030101044c696e6501ff80000103010446726f6d01ff82000102546f01ff830001054c6162656c010c0000001fff8103010105506f696e7401ff8200010201015801040001015901040000000eff80010102010400010001016c00',
    expect: {
      values: [{ From: { X: { n: '1' }, Y: { n: '2' } }, To: { X: { n: '0' }, Y: { n: '0' } }, Label: 'l' }],
      error: '',
      after: 'EOF',
    },
  },
  {
    what: "a second *Point field naming a type id never defined: decoded by the first *Point field's op",
    reading: 'pointers',
    hex: '377f03010108506f696e7465727301ff8000010501015001040001025050010c0001014e01040001015301ff820001024e5301fe820000001fff8103010105506f696e7401ff8200010201015801040001015901040000000fff8001540102707002010a010c0000',
    expect: {
      values: [{ P: { n: '42' }, PP: 'pp', N: { n: '0' }, S: { X: { n: '5' }, Y: { n: '6' } }, NS: null }],
      error: '',
      after: 'EOF',
    },
  },
  {
    what: "a second *Point field naming a builtin id: the first field's op",
    reading: 'pointers',
    hex: '377f03010108506f696e7465727301ff8000010501015001040001025050010c0001014e01040001015301ff820001024e5301ff020000001fff8103010105506f696e7401ff8200010201015801040001015901040000000fff8001540102707002010a010c0000',
    expect: {
      values: [{ P: { n: '42' }, PP: 'pp', N: { n: '0' }, S: { X: { n: '5' }, Y: { n: '6' } }, NS: null }],
      error: '',
      after: 'EOF',
    },
  },
  {
    what: 'map[string]int, count 3, one entry',
    reading: 'map_string_int_one',
    hex: '0d7f040102ff8000010c0104000007ff800003016102',
    expect: { values: [], error: 'EOF', after: '' },
  },
  {
    what: 'map[string]int, count 2^63',
    reading: 'map_string_int_one',
    hex: '0d7f040102ff8000010c010400000cff8000f88000000000000000',
    expect: { values: [{ m: [] }], error: '', after: 'EOF' },
  },
  {
    what: 'map[string]int, count 2^63 with entry',
    reading: 'map_string_int_one',
    hex: '0d7f040102ff8000010c010400000fff8000f88000000000000000016102',
    expect: { values: [{ m: [] }], error: '', after: 'EOF' },
  },
  {
    what: 'map[string]int, count 2^63-1',
    reading: 'map_string_int_one',
    hex: '0d7f040102ff8000010c010400000fff8000f87fffffffffffffff016102',
    expect: { values: [], error: 'EOF', after: '' },
  },
  {
    what: 'map[string]int, count 1, key string too long',
    reading: 'map_string_int_one',
    hex: '0d7f040102ff8000010c0104000007ff800001056162',
    expect: { values: [], error: 'gob: bad string slice length: 0', after: '' },
  },
];
