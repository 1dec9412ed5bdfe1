// Command timetext prints, for a table of times, how Go sends each through gob and how Go
// prints it, so tests can check that a decoded GoTime prints as Go does.
//
//	timetext
//
// One line per time: the gob encoding of the time alone on a fresh stream (hex), the
// Time.String() of the time after a gob round trip (%q), and its json.Marshal text (%q), or
// "error: " and Go's error text where MarshalJSON refuses. Zones are fixed offsets (the program never reads
// the machine's Local zone, which a decoder cannot know).
package main

import (
	"bytes"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"time"
)

func main() {
	log.SetFlags(0)
	// Local is UTC so that gob's "offset equals Local's" rule never picks a named zone.
	time.Local = time.UTC
	times := []time.Time{
		{},
		time.Date(2009, 11, 10, 23, 0, 0, 0, time.UTC),
		time.Date(2009, 11, 10, 23, 0, 0, 500000000, time.FixedZone("", 3600)),
		time.Date(2024, 2, 29, 1, 2, 3, 123456789, time.FixedZone("IST", -(5*3600+30*60))),
		time.Date(2024, 2, 29, 1, 2, 3, 1000, time.FixedZone("", 3600+30*60+15)),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -8*3600)),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(12345, 6, 7, 8, 9, 10, 0, time.UTC),
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", 25*3600)),
	}
	for _, t := range times {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(t); err != nil {
			log.Fatal(err)
		}
		wire := hex.EncodeToString(b.Bytes())
		var u time.Time
		if err := gob.NewDecoder(&b).Decode(&u); err != nil {
			log.Fatal(err)
		}
		var j string
		if out, err := json.Marshal(u); err == nil {
			j = string(out)
		} else {
			j = "error: " + err.Error()
		}
		fmt.Printf("%s %q %q\n", wire, u.String(), j)
	}
}
