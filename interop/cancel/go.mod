module gobrpc/interop/cancel

go 1.22

require github.com/keegancsmith/rpc v1.3.0
