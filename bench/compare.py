#!/usr/bin/env python3
"""maillage against Oxigraph's own server, on the same data and machine, in one run.

For each size N (synthetic triples from `maillage gen`):
  1. load: `maillage load` and `oxigraph load` (into the same named graph, and into the
     default graph as Oxigraph's fastest case): triples/s, peak RSS, store size on disk;
  2. first start on the loaded store: time to the first answer, RSS at rest (and, once
     the servers have stopped, the store size kept after RocksDB's compactions);
  3. the query mix (queries/*.rq and bench/queries/*.rq): answers checked identical on
     both servers first, then `wrk` at 1, 8 and 32 connections, servers interleaved cell
     by cell: ok/s, p50, p99, non-2xx, ratio;
  4. the HTTP ceiling (`ASK {}`), `/healthz` and maillage's views and dereferenced IRIs;
  5. an import through `POST /imports` (validated) next to `maillage load` (not);
  6. RSS under load.
Writes bench/results/<label>.md (tables, machine), .json (every figure) and .svg (growth
with N). Ratios are maillage ÷ Oxigraph, measured in the same run: compare ratios, not
absolute figures, across machines.

Usage: python3 bench/compare.py --maillage BIN --oxigraph BIN [--sizes 1e5,1e6,1e7]
       [--duration 5] [--connections 1,8,32] [--out bench/results] [--smoke]
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/maillage/"
ASK = "ASK {}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_measured(cmd, **kw):
    """Runs a command; returns (seconds, peak RSS in MiB, completed process)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{err.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out


def du(path):
    total = 0
    for p in Path(path).rglob("*"):
        if p.is_file():
            total += p.stat().st_size
    return total / 2**20


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class PeakRss:
    """The highest RSS (MiB) of a process while the `with` block runs, sampled every 50 ms."""

    def __init__(self, pid, floor=0.0):
        import threading
        self.pid, self.peak, self.done = pid, floor, threading.Event()
        self.thread = threading.Thread(target=self.sample)

    def sample(self):
        while not self.done.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.done.set()
        self.thread.join()


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def wait_idle(servers, limit=180):
    """Waits until no server burns CPU (work left by the previous cell's clients, which
    Oxigraph keeps evaluating after they hung up), so no cell pays for another's."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = [cpu_seconds(s.proc.pid) for s in servers]
        time.sleep(0.3)
        after = [cpu_seconds(s.proc.pid) for s in servers]
        if all(b - a < 0.02 for a, b in zip(before, after)):
            return
    print("warning: a server is still busy after the previous cell", file=sys.stderr)


def http(url, data=None, headers=None, method=None, timeout=600):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


RUNNING = []


class Server:
    def __init__(self, name, cmd, query_path, log):
        self.name, self.query_path = name, query_path
        self.port = free_port()
        self.cmd = [c.replace("{port}", str(self.port)) for c in cmd]
        self.log = open(log, "wb")
        start = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, stdout=self.log, stderr=self.log)
        RUNNING.append(self)
        ask = self.url(ASK)
        while True:
            try:
                status, _ = http(ask, timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None:
                sys.exit(f"{name} did not start: see {log}")
            time.sleep(0.005)
        self.first_answer = time.monotonic() - start
        self.rss_at_rest = rss_mib(self.proc.pid)

    def url(self, query):
        return f"http://127.0.0.1:{self.port}{self.query_path}?query={urllib.parse.quote(query)}"

    def stop(self):
        if self in RUNNING:
            RUNNING.remove(self)
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def canonical(body):
    """A SPARQL JSON result as a sorted list of rows (blank nodes named alike)."""
    doc = json.loads(body)
    if "boolean" in doc:
        return [doc["boolean"]]
    rows = []
    for b in doc["results"]["bindings"]:
        row = []
        for var in sorted(b):
            t = b[var]
            value = "_:b" if t["type"] in ("bnode",) else t["value"]
            row.append((var, t["type"].replace("typed-literal", "literal"), value,
                        t.get("datatype", ""), t.get("xml:lang", "")))
        rows.append(row)
    return sorted(rows)


WRK_LUA = """
wrk.method = "GET"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %f %f %f\\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read
      + summary.errors.write, summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
"""


def wrk(url, connections, duration, script, accept="application/sparql-results+json"):
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "60s",
         "-H", f"Accept: {accept}", "-s", script, url],
        capture_output=True, text=True, check=True).stdout
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+)", out)
    requests, non2xx, sock, timeouts, secs, p50, p99 = m.groups()
    requests, non2xx = int(requests), int(non2xx)
    return {"ok_per_s": (requests - non2xx) / float(secs), "non2xx": non2xx,
            "socket_errors": int(sock), "timeouts": int(timeouts),
            "p50_ms": float(p50), "p99_ms": float(p99)}


def queries():
    found = []
    for folder in (ROOT / "queries", ROOT / "bench" / "queries"):
        for f in sorted(folder.glob("*.rq")):
            found.append((f.stem, f.read_text()))
    return found


def machine():
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(int(mem) / 2**20, 1),
            "kernel": platform.release(), "python": platform.python_version(),
            "load_average_at_start": os.getloadavg()}


def version(binary):
    return subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()


def measure_size(n, args, work, lua):
    m, o = args.maillage, args.oxigraph
    res = {"n": n}
    data = work / f"gen-{n}.nt"
    t, _, _ = run_measured([m, "gen", "--triples", str(n), "--seed", "1", "--out", str(data)])
    res["gen_s"] = t
    graph = f"{BASE}graph/file/bench"
    # 1. loads (interleaved: maillage, Oxigraph into the same named graph, Oxigraph default)
    loads = {}
    for name, cmd, store in [
        ("maillage", [m, "load", "--data", str(work / "m"), "--graph", graph, str(data)], work / "m"),
        ("oxigraph_named", [o, "load", "--location", str(work / "o"), "--graph", graph, "--file", str(data)], work / "o"),
        ("oxigraph_default", [o, "load", "--location", str(work / "od"), "--file", str(data)], work / "od"),
    ]:
        t, rss, _ = run_measured(cmd)
        loads[name] = {"seconds": t, "triples_per_s": n / t, "peak_rss_mib": rss, "disk_mib": du(store)}
    shutil.rmtree(work / "od")
    res["load"] = loads

    # 2. first start on the loaded stores
    ms = Server("maillage", [m, "serve", "--data", str(work / "m"), "--bind", "127.0.0.1:{port}",
                             "--query-timeout", "120"], "/sparql", work / "m.log")
    os_ = Server("oxigraph", [o, "serve", "--location", str(work / "o"), "--bind", "127.0.0.1:{port}",
                              "--union-default-graph"], "/query", work / "o.log")
    res["start"] = {s.name: {"first_answer_s": s.first_answer, "rss_at_rest_mib": s.rss_at_rest}
                    for s in (ms, os_)}
    # 3. same answers, then the query mix
    mix = [("ask-empty", ASK)] + queries()
    res["queries"] = {}
    peak = {"maillage": 0.0, "oxigraph": 0.0}
    for name, text in mix:
        answers = {}
        for s in (ms, os_):
            wait_idle((ms, os_))
            t0 = time.monotonic()
            status, body = http(s.url(text), headers={"Accept": "application/sparql-results+json"})
            answers[s.name] = (status, body, time.monotonic() - t0)
        (sm, bm, tm), (so, bo, to) = answers["maillage"], answers["oxigraph"]
        if sm != 200 or so != 200:
            sys.exit(f"{name}: maillage {sm}, oxigraph {so}: {bm[:300]!r} {bo[:300]!r}")
        rows_m, rows_o = canonical(bm), canonical(bo)
        if rows_m != rows_o:
            sys.exit(f"{name}: answers differ ({len(rows_m)} rows vs {len(rows_o)})")
        cells = {"rows": len(rows_m), "single_request_s": {"maillage": tm, "oxigraph": to}}
        if max(tm, to) > args.duration / 4:
            # Too few answers in a cell for a rate: the single request's time is the figure.
            cells["skipped"] = "one request takes more than a quarter of a cell"
            res["queries"][name] = cells
            continue
        for i, c in enumerate(args.connections):
            cell = {}
            # Servers interleaved, the first one alternating, each cell on idle servers.
            for s in ((ms, os_) if (i + len(res["queries"])) % 2 == 0 else (os_, ms)):
                wait_idle((ms, os_))
                cell[s.name] = wrk(s.url(text), c, args.duration, lua)
                peak[s.name] = max(peak[s.name], rss_mib(s.proc.pid))
            cell["ratio"] = cell["maillage"]["ok_per_s"] / max(cell["oxigraph"]["ok_per_s"], 1e-9)
            cells[f"c{c}"] = cell
        res["queries"][name] = cells
    # 4. maillage only: /healthz, a view, a dereferenced IRI
    res["maillage_only"] = {}
    for path, accept in [("/healthz", "application/json"),
                         ("/id/dispositif/cpts", "text/html"),
                         ("/id/dispositif/cpts", "text/turtle"),
                         ("/dispositifs", "text/html")]:
        url = f"http://127.0.0.1:{ms.port}{path}"
        status, _ = http(url, headers={"Accept": accept})
        if status != 200:
            res["maillage_only"][f"{path} {accept}"] = {"status": status}
            continue
        cells = {}
        for c in args.connections:
            wait_idle((ms, os_))
            cells[f"c{c}"] = wrk(url, c, args.duration, lua, accept)
        res["maillage_only"][f"{path} {accept}"] = cells
    res["rss_under_load_mib"] = peak
    ms.stop()
    os_.stop()
    # Each store once its server has opened it and stopped: RocksDB compacts the loaded
    # files in the background (a server waits for that at exit), and its compaction writes
    # the first levels uncompressed, so the size right after a load is not the size kept.
    res["disk_settled_mib"] = {"maillage": du(work / "m"), "oxigraph": du(work / "o")}
    # 5. an import through HTTP, validated, next to the load figures above
    if n <= args.max_import:
        res["import"] = import_figures(m, work, data, n)
    for d in ("m", "o"):
        shutil.rmtree(work / d, ignore_errors=True)
    data.unlink()
    return res


def whole_documents(body):
    """`gen`'s N-Triples cut before the last document's start: `gen` stops at exactly N
    lines, possibly inside an entity, which validation would rightly refuse."""
    start = body.rfind(b"#type> <https://w3id.org/maillage/def#SourceDocument> .\n")
    if start > 0:
        body = body[:body.rfind(b"\n", 0, start) + 1]
    return body


def import_figures(m, work, data, n):
    tokens = work / "tokens.json"
    out = subprocess.run([m, "token", "add", "--tokens", str(tokens), "--name", "bench", "--role", "curator"],
                         capture_output=True, text=True)
    token = re.search(r"mlg_\S+", out.stdout + out.stderr)
    if out.returncode != 0 or not token:
        return {"error": f"token: {out.stderr[-300:]}"}
    store = work / "imp"
    srv = Server("maillage", [m, "serve", "--data", str(store), "--bind", "127.0.0.1:{port}",
                              "--tokens", str(tokens), "--max-import-bytes", str(2**31)],
                 "/sparql", work / "imp.log")
    body = whole_documents(data.read_bytes())
    n = body.count(b"\n")
    t0 = time.monotonic()
    with PeakRss(srv.proc.pid) as rss:
        status, answer = http(f"http://127.0.0.1:{srv.port}/imports?message=benchmark", data=body,
                              headers={"Content-Type": "application/n-triples",
                                       "Authorization": f"Bearer {token.group(0)}"}, method="POST")
    elapsed = time.monotonic() - t0
    peak = rss.peak
    srv.stop()
    shutil.rmtree(store, ignore_errors=True)
    if status not in (200, 201):
        return {"status": status, "answer": answer[:500].decode(errors="replace")}
    return {"triples": n, "seconds": elapsed, "triples_per_s": n / elapsed, "peak_rss_mib": peak}


def fmt(x, digits=0):
    return f"{x:,.{digits}f}"


def report(results, meta):
    lines = [f"# maillage vs Oxigraph {meta['oxigraph_version']} — {meta['label']}", "",
             f"Machine: {meta['machine']['cpu']}, {meta['machine']['cores']} cores, "
             f"{meta['machine']['memory_gib']} GiB, Linux {meta['machine']['kernel']}; load average at start "
             f"{', '.join(f'{x:.2f}' for x in meta['machine']['load_average_at_start'])}. "
             f"{meta['maillage_version']}. wrk -t1, {meta['duration']} s per cell, servers interleaved cell "
             "by cell (the first one alternating), each cell started once both servers are idle; every "
             "query's answers checked identical on both servers first. Ratios are "
             "maillage ÷ Oxigraph from this run.", "",
             "Data: `maillage gen --triples N --seed 1` (N-Triples). maillage loads it into a named graph "
             "(its default graph is the derived current state: every triple is written twice, in its "
             "graph and in the current state). Oxigraph loads it into the same named graph and serves "
             "with `--union-default-graph`, so both answer the same queries identically; Oxigraph's "
             "load into its default graph (its fastest case, half the indexes) is shown too.", ""]
    lines += ["## Load", "", "| N | maillage triples/s | Oxigraph (same graph) | ratio | Oxigraph (default graph) | ratio | peak RSS MiB m / o | ratio | disk MiB m / o / o-default | ratio (same graph) |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        l = r["load"]
        m, o, od = l["maillage"], l["oxigraph_named"], l["oxigraph_default"]
        lines.append(f"| {fmt(r['n'])} | {fmt(m['triples_per_s'])} | {fmt(o['triples_per_s'])} | "
                     f"{m['triples_per_s'] / o['triples_per_s']:.2f} | {fmt(od['triples_per_s'])} | "
                     f"{m['triples_per_s'] / od['triples_per_s']:.2f} | {fmt(m['peak_rss_mib'])} / {fmt(o['peak_rss_mib'])} | "
                     f"{m['peak_rss_mib'] / o['peak_rss_mib']:.2f} | {fmt(m['disk_mib'])} / {fmt(o['disk_mib'])} / {fmt(od['disk_mib'])} | "
                     f"{m['disk_mib'] / o['disk_mib']:.2f} |")
    lines += ["", "## First start and memory", "", "| N | first answer m / o (ms) | RSS at rest m / o (MiB) | peak RSS under the query mix m / o (MiB) | disk MiB once served m / o | ratio |", "|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        s = r["start"]
        settled = r.get("disk_settled_mib")
        kept = (f"{fmt(settled['maillage'])} / {fmt(settled['oxigraph'])} | {settled['maillage'] / settled['oxigraph']:.2f}"
                if settled else "– | –")
        lines.append(f"| {fmt(r['n'])} | {s['maillage']['first_answer_s'] * 1e3:.0f} / {s['oxigraph']['first_answer_s'] * 1e3:.0f} | "
                     f"{fmt(s['maillage']['rss_at_rest_mib'])} / {fmt(s['oxigraph']['rss_at_rest_mib'])} | "
                     f"{fmt(r['rss_under_load_mib']['maillage'])} / {fmt(r['rss_under_load_mib']['oxigraph'])} | {kept} |")
    conns = meta["connections"]
    for r in results:
        lines += ["", f"## Query mix at N = {fmt(r['n'])}", "",
                  "| query | rows | " + " | ".join(f"c={c} ok/s m / o | ratio | p99 ms m / o | non-2xx m / o" for c in conns) + " |",
                  "|---|---:|" + "---:|---:|---:|---:|" * len(conns)]
        for name, q in r["queries"].items():
            if "skipped" in q:
                t = q["single_request_s"]
                lines.append(f"| {name} | {q['rows']} | one request: {t['maillage']:.2f} s / {t['oxigraph']:.2f} s | **{t['oxigraph'] / t['maillage']:.2f}** (speed) |" + " |" * (4 * len(conns) - 2))
                continue
            cells = []
            for c in conns:
                cell = q[f"c{c}"]
                m, o = cell["maillage"], cell["oxigraph"]
                ratio = (f"**{cell['ratio']:.2f}**" if min(m["ok_per_s"], o["ok_per_s"]) * meta["duration"] >= 2
                         else "n/a (< 2 answers)")
                cells.append(f"{fmt(m['ok_per_s'])} / {fmt(o['ok_per_s'])} | {ratio} | "
                             f"{m['p99_ms']:.1f} / {o['p99_ms']:.1f} | {m['non2xx']} / {o['non2xx']}")
            lines.append(f"| {name} | {q['rows']} | " + " | ".join(cells) + " |")
        lines += ["", "maillage only (no Oxigraph counterpart):", "", "| path | Accept | " + " | ".join(f"c={c} ok/s, p99 ms" for c in conns) + " |",
                  "|---|---|" + "---:|" * len(conns)]
        for key, v in r["maillage_only"].items():
            path, accept = key.split(" ", 1)
            if "status" in v:
                lines.append(f"| {path} | {accept} | status {v['status']} |" + " |" * (len(conns) - 1))
                continue
            lines.append(f"| {path} | {accept} | " + " | ".join(
                f"{fmt(v[f'c{c}']['ok_per_s'])}, {v[f'c{c}']['p99_ms']:.1f}" for c in conns) + " |")
    imports = [r for r in results if "import" in r]
    if imports:
        lines += ["", "## Imports", "", "| N | POST /imports (validated, provenance) triples/s | peak RSS MiB | maillage load (not validated) | oxigraph load (same graph) |", "|---:|---:|---:|---:|---:|"]
        for r in imports:
            i = r["import"]
            if "seconds" not in i:
                lines.append(f"| {fmt(r['n'])} | failed: {i} | | | |")
                continue
            lines.append(f"| {fmt(r['n'])} | {fmt(i['triples_per_s'])} | {fmt(i['peak_rss_mib'])} | "
                         f"{fmt(r['load']['maillage']['triples_per_s'])} | {fmt(r['load']['oxigraph_named']['triples_per_s'])} |")
    return "\n".join(lines) + "\n"


def svg(results, meta):
    """Each figure's ratio (maillage ÷ Oxigraph) against N, log scale on x."""
    series = {}
    for r in results:
        l = r["load"]
        series.setdefault("load triples/s (same graph)", []).append(
            l["maillage"]["triples_per_s"] / l["oxigraph_named"]["triples_per_s"])
        series.setdefault("load peak RSS (lower is better)", []).append(
            l["maillage"]["peak_rss_mib"] / l["oxigraph_named"]["peak_rss_mib"])
        series.setdefault("disk size (lower is better)", []).append(
            l["maillage"]["disk_mib"] / l["oxigraph_named"]["disk_mib"])
        if "disk_settled_mib" in r:
            series.setdefault("disk size once served (lower is better)", []).append(
                r["disk_settled_mib"]["maillage"] / r["disk_settled_mib"]["oxigraph"])
        for c in meta["connections"]:
            ratios = [q[f"c{c}"]["ratio"] for q in r["queries"].values() if f"c{c}" in q
                      and min(q[f"c{c}"]["maillage"]["ok_per_s"], q[f"c{c}"]["oxigraph"]["ok_per_s"]) * meta["duration"] >= 2]
            if ratios:
                series.setdefault(f"query mix ok/s, c={c} (geometric mean)", []).append(
                    __import__("math").prod(ratios) ** (1 / len(ratios)))
    ns = [r["n"] for r in results]
    w, h, left, top, right, bottom = 760, 420, 60, 30, 260, 50
    import math
    xs = [math.log10(n) for n in ns]
    x0, x1 = (min(xs), max(xs)) if len(xs) > 1 else (xs[0] - 1, xs[0] + 1)
    ymax = max(2.0, max(v for s in series.values() for v in s) * 1.1)
    X = lambda x: left + (x - x0) / (x1 - x0) * (w - left - right)
    Y = lambda y: top + (1 - y / ymax) * (h - top - bottom)
    colors = ["#1f77b4", "#d62728", "#7f7f7f", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<text x="{left}" y="18" font-size="14">maillage ÷ Oxigraph {meta["oxigraph_version"]} by N ({meta["label"]})</text>',
           f'<line x1="{left}" y1="{Y(1)}" x2="{w - right}" y2="{Y(1)}" stroke="#000" stroke-dasharray="4 3"/>',
           f'<text x="{w - right + 4}" y="{Y(1) + 4}">1.0</text>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="#000"/>',
           f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="#000"/>']
    for k in range(0, int(ymax * 2) + 1):
        y = k / 2
        out.append(f'<text x="{left - 8}" y="{Y(y) + 4}" text-anchor="end">{y:.1f}</text>')
    for n, x in zip(ns, xs):
        out.append(f'<text x="{X(x)}" y="{h - bottom + 18}" text-anchor="middle">{n:.0e}</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 10}" text-anchor="middle">N (triples)</text>')
    for i, (name, values) in enumerate(series.items()):
        color = colors[i % len(colors)]
        points = " ".join(f"{X(x):.1f},{Y(v):.1f}" for x, v in zip(xs, values))
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>')
        for x, v in zip(xs, values):
            out.append(f'<circle cx="{X(x):.1f}" cy="{Y(v):.1f}" r="3" fill="{color}"/>')
        out.append(f'<rect x="{w - right + 10}" y="{top + 18 * i}" width="12" height="3" fill="{color}"/>')
        out.append(f'<text x="{w - right + 26}" y="{top + 18 * i + 5}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--maillage", help="the maillage binary (required unless --render)")
    p.add_argument("--oxigraph", help="the oxigraph CLI (required unless --render)")
    p.add_argument("--sizes", default="1e5,1e6,1e7")
    p.add_argument("--connections", default="1,8,32")
    p.add_argument("--duration", type=int, default=5, help="seconds per cell (at least 1)")
    p.add_argument("--max-import", type=float, default=1e6, help="largest N imported over HTTP")
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    p.add_argument("--label", default=None)
    p.add_argument("--work", default=None, help="scratch folder (default: a temporary one)")
    p.add_argument("--render", default=None, help="only write the report, chart from this .json")
    args = p.parse_args()
    if args.render:
        saved = json.loads(Path(args.render).read_text())
        meta, results = saved["meta"], saved["results"]
        stem = Path(args.render).with_suffix("")
        Path(f"{stem}.md").write_text(report(results, meta))
        Path(f"{stem}.svg").write_text(svg(results, meta))
        return
    if not (args.maillage and args.oxigraph):
        p.error("--maillage and --oxigraph are required")
    args.sizes = [int(float(x)) for x in args.sizes.split(",")]
    args.connections = [int(x) for x in args.connections.split(",")]
    args.max_import = int(args.max_import)
    label = args.label or time.strftime("%Y-%m-%d")
    meta = {"label": label, "machine": machine(), "duration": args.duration,
            "connections": args.connections, "maillage_version": version(args.maillage),
            "oxigraph_version": version(args.oxigraph)}
    work = Path(args.work or tempfile.mkdtemp(prefix="maillage-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    lua = work / "report.lua"
    lua.write_text(WRK_LUA)
    results = []
    try:
        for n in args.sizes:
            print(f"N = {n:,} …", file=sys.stderr, flush=True)
            results.append(measure_size(n, args, work, str(lua)))
            print(report(results, meta), file=sys.stderr, flush=True)
    finally:
        for server in list(RUNNING):
            server.stop()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{label}.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
    (out / f"{label}.md").write_text(report(results, meta))
    (out / f"{label}.svg").write_text(svg(results, meta))
    print(report(results, meta))
    print(f"written: {out}/{label}.md, .json, .svg", file=sys.stderr)


if __name__ == "__main__":
    main()
