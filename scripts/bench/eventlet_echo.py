"""Echo server on python3-eventlet for scripts/bench.sh: a green thread per
connection, recv/sendall with a 64-byte buffer like the Go servers' -buf 64.
SIGUSR1 runs the garbage collector (idle-memory measurement)."""
import gc
import signal
import sys

import eventlet

BUF = int(sys.argv[2]) if len(sys.argv) > 2 else 64


def handle(sock):
    try:
        while True:
            d = sock.recv(BUF)
            if not d:
                break
            sock.sendall(d)
    except OSError:
        pass
    finally:
        sock.close()


def main():
    signal.signal(signal.SIGUSR1, lambda *a: gc.collect())
    server = eventlet.listen(("127.0.0.1", int(sys.argv[1])), backlog=4096)
    print("eventlet listening on 127.0.0.1:%d" % server.getsockname()[1], flush=True)
    pool = eventlet.GreenPool(100000)
    while True:
        conn, _ = server.accept()
        pool.spawn_n(handle, conn)


main()
