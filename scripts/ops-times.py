#!/usr/bin/env python3
"""Shutdown and connection timings of `maillage serve`, as the README's Operations section
gives them, measured with this script as the server's parent (exit times are exact).

    python3 scripts/ops-times.py [path/to/maillage]    # default: target/release/maillage

Each figure is printed with its ratio to the configured limit it depends on (machines are
noisy: the ratios are what should hold). Standard library only; loopback only.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ.get("CARGO_TARGET_DIR", "target"), "release", "maillage")
CROSS = b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(data, *flags):
    port = free_port()
    process = subprocess.Popen(
        [BIN, "serve", "--data", data, "--bind", f"127.0.0.1:{port}", *flags],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return process, port
        except OSError:
            if process.poll() is not None:
                sys.exit(f"maillage exited with {process.returncode}")
            time.sleep(0.1)


def post(port, query, timeout=600):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/sparql", data=query,
        headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def stop(process):
    started = time.time()
    process.send_signal(signal.SIGTERM)
    code = process.wait()
    return code, time.time() - started


def main():
    data = tempfile.mkdtemp(prefix="maillage-ops-")
    process, _ = start(data)
    code, first = stop(process)
    print(f"idle, first start (flushes the seed load): exit {code} after {first:.3f} s")
    process, _ = start(data)
    code, idle = stop(process)
    print(f"idle: exit {code} after {idle:.3f} s")

    grace = 2.0
    process, port = start(data, "--shutdown-grace", str(grace), "--query-timeout", "600",
                          "--max-concurrent-queries", "1")
    answer = {}

    def long_query():
        status, body = post(port, CROSS)
        answer.update(status=status, body=body, at=time.time())
    threading.Thread(target=long_query, daemon=True).start()
    while post(port, b"ASK {}")[0] != 503:  # the permit is taken: the query runs
        time.sleep(0.02)
    signalled = time.time()
    code, busy = stop(process)
    time.sleep(0.2)
    client = answer.get("at", float("nan")) - signalled
    print(f"cross product in flight, grace {grace:g} s: client {answer.get('status')} after "
          f"{client:.2f} s ({client / grace:.2f}x grace), exit {code} after {busy:.2f} s "
          f"({busy / grace:.2f}x grace)")

    header_timeout = 1.0
    process, port = start(data, "--header-timeout", str(header_timeout))
    started = time.time()
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(200)]
    closed = []
    for s in sockets:
        s.settimeout(60)
        try:
            s.recv(16)
        except OSError:
            pass
        closed.append(time.time() - started)
        s.close()
    print(f"200 silent connections, header timeout {header_timeout:g} s: closed after "
          f"{min(closed):.2f}-{max(closed):.2f} s ({max(closed) / header_timeout:.2f}x)")
    stop(process)
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
