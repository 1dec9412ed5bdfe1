module gobrpc/interop

go 1.22
