"""Echo server on python3-gevent for scripts/bench.sh: StreamServer spawns a
greenlet per connection; recv/sendall with a 64-byte buffer like the Go
servers' -buf 64. SIGUSR1 runs the garbage collector."""
import gc
import signal
import sys

from gevent.server import StreamServer

BUF = int(sys.argv[2]) if len(sys.argv) > 2 else 64


def handle(sock, _addr):
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
    server = StreamServer(("127.0.0.1", int(sys.argv[1])), handle, backlog=4096)
    server.init_socket()
    print("gevent listening on 127.0.0.1:%d" % server.socket.getsockname()[1], flush=True)
    server.serve_forever()


main()
