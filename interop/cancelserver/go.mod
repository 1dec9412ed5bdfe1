module gobrpc/interop/cancelserver

go 1.22

require github.com/keegancsmith/rpc v1.3.0
