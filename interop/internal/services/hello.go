package services

// HelloService is registered under the name "HelloService".
type HelloService struct{}

// Hello replies "Hello, " + request.
func (HelloService) Hello(request string, reply *string) error {
	*reply = "Hello, " + request
	return nil
}
