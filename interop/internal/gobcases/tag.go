package gobcases

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

var (
	timeType        = reflect.TypeFor[time.Time]()
	bigIntType      = reflect.TypeFor[big.Int]()
	gobEncoderType  = reflect.TypeFor[gob.GobEncoder]()
	binMarshalType  = reflect.TypeFor[encoding.BinaryMarshaler]()
	textMarshalType = reflect.TypeFor[encoding.TextMarshaler]()
)

// Tag returns the canonical JSON ("tagged value") form of v, as a decoder
// that knows nothing of Go's types sees it. In short: integers
// {"n":"dec"}, floats {"f":"hex bits"}, complex {"c":[re,im]}, strings as
// JSON strings (not UTF-8: {"s":"base64"}), byte slices {"b":"base64"}, slices/arrays as arrays, maps
// {"m":[[k,v],...]} sorted by the JSON of k, structs as objects of their sent
// fields, pointers flattened, interfaces {"iface":name,"v":...}, time.Time
// {"time":{...}}, *big.Int {"big":"dec"}, other marshalers {"raw":"base64"}.
func Tag(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	if err := tag(&buf, reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeJSON(buf *bytes.Buffer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	buf.Write(b)
}

func floatHex(f float64) string {
	return fmt.Sprintf("%016x", math.Float64bits(f))
}

// marshaled returns the bytes gob would send for a value whose type (or
// pointer to it) implements GobEncoder, BinaryMarshaler or TextMarshaler, in
// gob's order of preference. ok is false for other types.
func marshaled(v reflect.Value) (b []byte, ok bool, err error) {
	t := v.Type()
	var recv reflect.Value
	switch {
	case t.Implements(gobEncoderType), t.Implements(binMarshalType), t.Implements(textMarshalType):
		recv = v
	case reflect.PointerTo(t).Implements(gobEncoderType),
		reflect.PointerTo(t).Implements(binMarshalType),
		reflect.PointerTo(t).Implements(textMarshalType):
		p := reflect.New(t)
		p.Elem().Set(v)
		recv = p
	default:
		return nil, false, nil
	}
	switch m := recv.Interface().(type) {
	case gob.GobEncoder:
		b, err = m.GobEncode()
	case encoding.BinaryMarshaler:
		b, err = m.MarshalBinary()
	case encoding.TextMarshaler:
		b, err = m.MarshalText()
	}
	return b, true, err
}

// isSent mirrors gob's rule: exported, and not a chan or func (or pointer
// to one).
func isSent(f reflect.StructField) bool {
	if !f.IsExported() {
		return false
	}
	t := f.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() != reflect.Chan && t.Kind() != reflect.Func
}

// timeTag decodes time.Time's binary form (version 1 or 2): version byte,
// seconds since Jan 1 year 1 UTC (int64 BE), nanoseconds (int32 BE), zone
// offset in minutes (int16 BE, -1 = UTC), and for version 2 one extra byte
// of offset seconds.
func timeTag(buf *bytes.Buffer, t time.Time) error {
	b, err := t.MarshalBinary()
	if err != nil {
		return err
	}
	if len(b) < 15 {
		return fmt.Errorf("unexpected time encoding % x", b)
	}
	sec := int64(binary.BigEndian.Uint64(b[1:9]))
	nsec := int32(binary.BigEndian.Uint32(b[9:13]))
	offMin := int16(binary.BigEndian.Uint16(b[13:15]))
	var offset any
	if offMin != -1 {
		off := int(offMin) * 60
		if b[0] == 2 && len(b) >= 16 {
			off += int(b[15])
		}
		offset = off
	}
	writeJSON(buf, map[string]any{"time": map[string]any{
		"sec": strconv.FormatInt(sec, 10), "nsec": nsec, "offset": offset,
	}})
	return nil
}

func tag(buf *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	t := v.Type()
	switch {
	case t == timeType:
		return timeTag(buf, v.Interface().(time.Time))
	case t == reflect.PointerTo(bigIntType):
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		writeJSON(buf, map[string]string{"big": v.Interface().(*big.Int).String()})
		return nil
	case t == bigIntType:
		x := v.Interface().(big.Int)
		writeJSON(buf, map[string]string{"big": x.String()})
		return nil
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		if b, ok, err := marshaled(v); ok {
			if err != nil {
				return err
			}
			writeJSON(buf, map[string]string{"raw": base64.StdEncoding.EncodeToString(b)})
			return nil
		}
	}
	switch t.Kind() {
	case reflect.Bool:
		writeJSON(buf, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		writeJSON(buf, map[string]string{"n": strconv.FormatInt(v.Int(), 10)})
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		writeJSON(buf, map[string]string{"n": strconv.FormatUint(v.Uint(), 10)})
	case reflect.Float32, reflect.Float64:
		writeJSON(buf, map[string]string{"f": floatHex(v.Float())})
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		writeJSON(buf, map[string][]string{"c": {floatHex(real(c)), floatHex(imag(c))}})
	case reflect.String:
		tagString(buf, v.String())
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			writeJSON(buf, map[string]string{"b": base64.StdEncoding.EncodeToString(v.Bytes())})
			return nil
		}
		buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := tag(buf, v.Index(i)); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case reflect.Map:
		type entry struct{ k, v []byte }
		var entries []entry
		iter := v.MapRange()
		for iter.Next() {
			var kb, vb bytes.Buffer
			if err := tag(&kb, iter.Key()); err != nil {
				return err
			}
			if err := tag(&vb, iter.Value()); err != nil {
				return err
			}
			entries = append(entries, entry{kb.Bytes(), vb.Bytes()})
		}
		sort.Slice(entries, func(i, j int) bool { return bytes.Compare(entries[i].k, entries[j].k) < 0 })
		buf.WriteString(`{"m":[`)
		for i, e := range entries {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteByte('[')
			buf.Write(e.k)
			buf.WriteByte(',')
			buf.Write(e.v)
			buf.WriteByte(']')
		}
		buf.WriteString(`]}`)
	case reflect.Struct:
		buf.WriteByte('{')
		first := true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !isSent(f) {
				continue
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			writeJSON(buf, f.Name)
			buf.WriteByte(':')
			if err := tag(buf, v.Field(i)); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case reflect.Pointer:
		if v.IsNil() {
			e := t.Elem()
			for e.Kind() == reflect.Pointer {
				e = e.Elem()
			}
			if e.Kind() == reflect.Struct {
				buf.WriteString("null")
				return nil
			}
			return tag(buf, reflect.Zero(e))
		}
		return tag(buf, v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		c := v.Elem()
		name, ok := RegisteredName(c.Type())
		if !ok {
			return fmt.Errorf("type %s is not registered for use in an interface", c.Type())
		}
		buf.WriteString(`{"iface":`)
		tagString(buf, name)
		buf.WriteString(`,"v":`)
		if err := tag(buf, c); err != nil {
			return err
		}
		buf.WriteByte('}')
	default:
		return fmt.Errorf("cannot tag value of kind %s", t.Kind())
	}
	return nil
}

// tagString writes a string as a JSON string when it is valid UTF-8, and
// otherwise as {"s":"base64 of its bytes"}: JSON cannot hold bytes that are
// not UTF-8 (encoding/json would write U+FFFD for each).
func tagString(buf *bytes.Buffer, s string) {
	if utf8.ValidString(s) {
		writeJSON(buf, s)
		return
	}
	writeJSON(buf, map[string]string{"s": base64.StdEncoding.EncodeToString([]byte(s))})
}

// HasMultiEntryMap reports whether v contains a map with two or more
// entries anywhere (Go randomises map order, so such values do not encode
// to the same bytes every time).
func HasMultiEntryMap(v any) bool {
	return hasMulti(reflect.ValueOf(v), 0)
}

func hasMulti(v reflect.Value, depth int) bool {
	if !v.IsValid() || depth > 100 {
		return false
	}
	switch v.Kind() {
	case reflect.Map:
		if v.Len() >= 2 {
			return true
		}
		iter := v.MapRange()
		for iter.Next() {
			if hasMulti(iter.Key(), depth+1) || hasMulti(iter.Value(), depth+1) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return false
		}
		for i := 0; i < v.Len(); i++ {
			if hasMulti(v.Index(i), depth+1) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if isSent(v.Type().Field(i)) && hasMulti(v.Field(i), depth+1) {
				return true
			}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return hasMulti(v.Elem(), depth+1)
		}
	}
	return false
}
