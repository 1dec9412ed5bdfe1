package services

import (
	"fmt"
	"math/big"
	"reflect"
	"time"
)

// PayloadDiff compares two payloads field by field and returns "" when they
// are equal, else a description of the first differing field. Times are
// equal when they denote the same instant AND have the same zone offset;
// big.Ints compare by value; everything else uses reflect.DeepEqual, except
// that a nil and an empty slice or map count as equal (gob does not
// transmit empty collections).
func PayloadDiff(want, got Payload) string {
	wv := reflect.ValueOf(want)
	gv := reflect.ValueOf(got)
	t := wv.Type()
	for i := 0; i < t.NumField(); i++ {
		name := t.Field(i).Name
		w := wv.Field(i).Interface()
		g := gv.Field(i).Interface()
		if !valueEqual(w, g) {
			return fmt.Sprintf("field %s: want %s, got %s", name, show(w), show(g))
		}
	}
	return ""
}

func valueEqual(w, g any) bool {
	switch wt := w.(type) {
	case time.Time:
		gt := g.(time.Time)
		_, wo := wt.Zone()
		_, gto := gt.Zone()
		return wt.Equal(gt) && wo == gto
	case *big.Int:
		gb := g.(*big.Int)
		if wt == nil || gb == nil {
			return wt == nil && gb == nil
		}
		return wt.Cmp(gb) == 0
	}
	wv, gv := reflect.ValueOf(w), reflect.ValueOf(g)
	if wv.IsValid() && gv.IsValid() && wv.Type() == gv.Type() {
		switch wv.Kind() {
		case reflect.Slice, reflect.Map:
			if wv.Len() == 0 && gv.Len() == 0 {
				return true
			}
		}
	}
	return reflect.DeepEqual(w, g)
}

func show(v any) string {
	switch x := v.(type) {
	case []byte:
		if len(x) > 32 {
			return fmt.Sprintf("[]byte(len %d, % x...)", len(x), x[:32])
		}
	case *Node:
		s := "List["
		for n := x; n != nil; n = n.Next {
			s += fmt.Sprintf(" %d", n.Val)
		}
		return s + " ]"
	case *Tree:
		return showTree(x)
	}
	return fmt.Sprintf("%#v", v)
}

func showTree(t *Tree) string {
	if t == nil {
		return "nil"
	}
	s := fmt.Sprintf("%d(", t.Val)
	for i, c := range t.Children {
		if i > 0 {
			s += " "
		}
		s += showTree(c)
	}
	return s + ")"
}
