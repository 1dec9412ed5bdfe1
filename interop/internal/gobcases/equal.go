package gobcases

import (
	"bytes"
	"math"
	"math/big"
	"reflect"
	"time"
)

// Equal compares a decoded value with the expected one the way gob's
// semantics require, where reflect.DeepEqual would be wrong:
//   - floats compare by bit pattern (so -0.0 and 0.0 differ), except that
//     any NaN equals any NaN;
//   - time.Time compares with Equal plus an equal zone offset;
//   - *big.Int compares with Cmp;
//   - other marshaler types compare by their marshaled bytes;
//   - nil and empty slices/maps are equal (gob cannot tell them apart);
//   - a nil pointer equals a pointer to a zero value (gob omits zero
//     values, so the receiver leaves such pointers nil);
//   - only fields gob sends (exported, not chan/func) are compared.
func Equal(got, want any) bool {
	return equal(reflect.ValueOf(got), reflect.ValueOf(want))
}

func floatEq(a, b float64) bool {
	if math.IsNaN(a) && math.IsNaN(b) {
		return true
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

func isZeroDeep(v reflect.Value) bool {
	return equal(v, reflect.Zero(v.Type()))
}

func equal(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() {
		return a.IsValid() == b.IsValid()
	}
	if a.Type() != b.Type() {
		return false
	}
	t := a.Type()
	switch {
	case t == timeType:
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		_, oa := ta.Zone()
		_, ob := tb.Zone()
		return ta.Equal(tb) && oa == ob
	case t == reflect.PointerTo(bigIntType):
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return a.Interface().(*big.Int).Cmp(b.Interface().(*big.Int)) == 0
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		if ba, ok, errA := marshaled(a); ok {
			bb, _, errB := marshaled(b)
			return errA == nil && errB == nil && bytes.Equal(ba, bb)
		}
	}
	switch t.Kind() {
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return floatEq(a.Float(), b.Float())
	case reflect.Complex64, reflect.Complex128:
		ca, cb := a.Complex(), b.Complex()
		return floatEq(real(ca), real(cb)) && floatEq(imag(ca), imag(cb))
	case reflect.String:
		return a.String() == b.String()
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return bytes.Equal(a.Bytes(), b.Bytes())
		}
		for i := 0; i < a.Len(); i++ {
			if !equal(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		iter := b.MapRange()
		for iter.Next() {
			av := a.MapIndex(iter.Key())
			if !av.IsValid() || !equal(av, iter.Value()) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if isSent(t.Field(i)) && !equal(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		switch {
		case a.IsNil() && b.IsNil():
			return true
		case a.IsNil():
			return isZeroDeep(b.Elem())
		case b.IsNil():
			return isZeroDeep(a.Elem())
		}
		return a.Pointer() == b.Pointer() || equal(a.Elem(), b.Elem())
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equal(a.Elem(), b.Elem())
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	}
	return false
}
