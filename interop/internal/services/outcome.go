package services

import (
	"errors"
	"fmt"
	"net/rpc"
)

// PrintOutcome prints one int-replying call's outcome on a line, as the interop tests read it:
// "ok <reply>" when it succeeded, else err.Error() quoted as %q, with " (ServerError)" after it
// when Go's client classed the error as rpc.ServerError.
func PrintOutcome(reply int, err error) {
	var se rpc.ServerError
	switch {
	case err == nil:
		fmt.Printf("ok %d\n", reply)
	case errors.As(err, &se):
		fmt.Printf("%q (ServerError)\n", err.Error())
	default:
		fmt.Printf("%q\n", err.Error())
	}
}
