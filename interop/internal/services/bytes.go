package services

// Bytes is registered as "Bytes" by the benchmark servers (arith -bytes,
// rpcbench -echo) only, so the other programs' service lists stay as they
// are.
type Bytes struct{}

// Echo replies its argument.
func (Bytes) Echo(args []byte, reply *[]byte) error {
	*reply = args
	return nil
}
