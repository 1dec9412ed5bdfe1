// One value of each type Go's gob registers itself (type.go's registerBasics), as interop/basics
// holds them (its Values, in the same order), each named only: the registry supplies the schema.
import type { GoInterface } from '../../src/gob/index.js';

/** interop/basics's Values, in order. */
export const BASIC_VALUES: GoInterface[] = [
  { name: 'int', value: -1 }, { name: 'int8', value: -8 }, { name: 'int16', value: -16 },
  { name: 'int32', value: -32 }, { name: 'int64', value: 2n ** 60n }, { name: 'uint', value: 1 },
  { name: 'uint8', value: 8 }, { name: 'uint16', value: 16 }, { name: 'uint32', value: 32 },
  { name: 'uint64', value: 2n ** 63n }, { name: 'float32', value: 1.5 }, { name: 'float64', value: 2.5 },
  { name: 'complex64', value: { real: 1, imag: 2 } }, { name: 'complex128', value: { real: 3, imag: 4 } },
  { name: 'uintptr', value: 7 }, { name: 'bool', value: true }, { name: 'string', value: 'x' },
  { name: '[]uint8', value: new TextEncoder().encode('by') },
  { name: '[]int', value: [1, -1] }, { name: '[]int8', value: [-8] }, { name: '[]int16', value: [-16] },
  { name: '[]int32', value: [-32] }, { name: '[]int64', value: [-(2n ** 62n)] }, { name: '[]uint', value: [1] },
  { name: '[]uint16', value: [16] }, { name: '[]uint32', value: [32] }, { name: '[]uint64', value: [2n ** 64n - 1n] },
  { name: '[]float32', value: [0.5] }, { name: '[]float64', value: [0.25] },
  { name: '[]complex64', value: [{ real: 0, imag: 1 }] }, { name: '[]complex128', value: [{ real: 0, imag: 2 }] },
  { name: '[]uintptr', value: [9] }, { name: '[]bool', value: [true, false] }, { name: '[]string', value: ['a', 'b'] },
];
