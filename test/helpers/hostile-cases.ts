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
