"""Opens N keep-alive connections to HOST:PORT, makes one request on each, then holds them idle until
killed; writes READY_FILE once all are open. Used to measure the server's memory per idle connection."""
import socket
import sys
import time

host, port, n, ready = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
socks = []
for _ in range(n):
    s = socket.create_connection((host, port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    s.recv(4096)
    socks.append(s)
open(ready, "w").close()
time.sleep(120)
