#!/usr/bin/env python3
"""Imports at scale, in one run on the same data and machine.

For each size N (synthetic N-Triples from `maillage gen`, cut at the last whole
document): `POST /imports` of the file to a fresh `maillage serve`, with validation on
and with `--no-import-validation`, next to `oxigraph load` of the same file into a named
graph. For each: seconds, triples/s, peak RSS (the server's, sampled every 50 ms; the
loader's from the kernel), and the ratio to Oxigraph. The server's RSS at rest before
the import is given too (its seed graph and caches). Each import is checked: 201, and
its graph holds as many triples as the file has distinct lines.

Writes bench/results/imports-<label>.md and .json.

Usage: python3 bench/imports.py --maillage BIN --oxigraph BIN [--sizes 1e5,1e6]
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import (  # noqa: E402
    BASE, ROOT, PeakRss, Server, du, http, machine, rss_mib, run_measured, version,
    whole_documents)


def generated(m, n, work):
    """`maillage gen`'s N lines, whole documents only ([`whole_documents`])."""
    data = work / f"gen-{n}.nt"
    run_measured([m, "gen", "--triples", str(n), "--seed", "1", "--out", str(data)])
    body = whole_documents(data.read_bytes())
    data.write_bytes(body)
    return data, body.count(b"\n"), len(set(body.splitlines()))


def post(m, work, data, lines, distinct, validate):
    tokens = work / "tokens.json"
    out = subprocess.run([m, "token", "add", "--tokens", str(tokens), "--name", "bench",
                          "--role", "curator"], capture_output=True, text=True)
    token = re.search(r"mlg_\S+", out.stdout + out.stderr)
    if out.returncode != 0 or not token:
        sys.exit(f"token: {out.stderr[-300:]}")
    store = work / "imp"
    cmd = [m, "serve", "--data", str(store), "--bind", "127.0.0.1:{port}", "--tokens", str(tokens),
           "--max-import-bytes", str(2**34), "--body-timeout", "3600"]
    if not validate:
        cmd.append("--no-import-validation")
    srv = Server("maillage", cmd, "/sparql", work / "imp.log")
    time.sleep(1)
    at_rest = rss_mib(srv.proc.pid)
    body = data.read_bytes()
    t0 = time.monotonic()
    with PeakRss(srv.proc.pid, at_rest) as rss:
        status, answer = http(f"http://127.0.0.1:{srv.port}/imports?message=benchmark", data=body,
                              headers={"Content-Type": "application/n-triples",
                                       "Authorization": f"Bearer {token.group(0)}"}, method="POST",
                              timeout=7200)
    elapsed = time.monotonic() - t0
    peak = rss.peak
    del body
    if status != 201:
        srv.stop()
        sys.exit(f"import answered {status}: {answer[:500].decode(errors='replace')}")
    query = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             "FILTER(CONTAINS(STR(?g), \"/graph/import/\")) }")
    status, counted = http(srv.url(query), headers={"Accept": "application/sparql-results+json"})
    held = int(json.loads(counted)["results"]["bindings"][0]["n"]["value"])
    srv.stop()
    disk = du(store)
    shutil.rmtree(store, ignore_errors=True)
    tokens.unlink()
    if held != distinct:
        sys.exit(f"the import's graph holds {held} triples, the file {distinct} distinct lines")
    return {"seconds": elapsed, "triples_per_s": lines / elapsed, "peak_rss_mib": peak,
            "rss_at_rest_mib": at_rest, "disk_mib": disk}


def oxigraph_load(o, work, data, lines):
    store = work / "ox"
    t, rss, _ = run_measured([o, "load", "--location", str(store), "--graph",
                              f"{BASE}graph/file/bench", "--file", str(data)])
    disk = du(store)
    shutil.rmtree(store, ignore_errors=True)
    return {"seconds": t, "triples_per_s": lines / t, "peak_rss_mib": rss, "disk_mib": disk}


def current_state_cost(m, work, data, lines):
    """What keeping the current state costs a write: `maillage load` of the same file
    into a source graph (each triple also written to the default graph, after checking
    that no retraction hides it) and into a system graph (bookkeeping: not in the
    current state), each into an empty store."""
    out = {}
    for name, graph in [("source", f"{BASE}graph/file/bench"),
                        ("system", f"{BASE}graph/system/bench")]:
        store = work / f"load-{name}"
        t, rss, _ = run_measured([m, "load", "--data", str(store), "--graph", graph, str(data)])
        out[name] = {"seconds": t, "triples_per_s": lines / t, "peak_rss_mib": rss,
                     "disk_mib": du(store)}
        shutil.rmtree(store, ignore_errors=True)
    return out


def report(results, meta):
    out = [f"# Imports at scale — {meta['label']}", "",
           f"Machine: {meta['machine']['cpu']}, {meta['machine']['cores']} cores, "
           f"{meta['machine']['memory_gib']} GiB, Linux {meta['machine']['kernel']}; load average at "
           f"start {', '.join(f'{x:.2f}' for x in meta['machine']['load_average_at_start'])}. "
           f"{meta['maillage']}; {meta['oxigraph']}.", "",
           "`POST /imports` of `maillage gen --triples N --seed 1` (N-Triples, cut at the last whole "
           "document) to a fresh server: parsed, validated (or not: `--no-import-validation`), "
           "hashed (RDFC-1.0), written with its provenance and the current state in one commit. "
           "Next to `oxigraph load` of the same file into a named graph. Ratios are maillage ÷ "
           "Oxigraph from this run; peak RSS of the server includes its RSS at rest (seed graph). "
           "Disk: the store after the import (maillage's holds the seed graph too, and each "
           "imported triple twice: in the import's graph and in the current state).", "",
           "| N (lines) | validated: s / triples/s / peak RSS MiB | not validated: s / triples/s / peak RSS MiB | oxigraph load: s / triples/s / peak RSS MiB | throughput ratio validated / not | peak RSS ratio validated / not | server RSS at rest MiB | disk MiB m (validated) / o |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        v, u, o = r["validated"], r["not_validated"], r["oxigraph"]
        cell = lambda x: f"{x['seconds']:.1f} / {x['triples_per_s']:,.0f} / {x['peak_rss_mib']:,.0f}"
        out.append(f"| {r['lines']:,} | {cell(v)} | {cell(u)} | {cell(o)} | "
                   f"{v['triples_per_s'] / o['triples_per_s']:.2f} / {u['triples_per_s'] / o['triples_per_s']:.2f} | "
                   f"{v['peak_rss_mib'] / o['peak_rss_mib']:.2f} / {u['peak_rss_mib'] / o['peak_rss_mib']:.2f} | "
                   f"{v['rss_at_rest_mib']:,.0f} | {v['disk_mib']:,.0f} / {o['disk_mib']:,.0f} |")
    out += ["", "## What the current state costs a write", "",
            "`maillage load` of the same file into an empty store: into a source graph (each "
            "triple also goes to the default graph, the current state) and into a system graph "
            "(kept out of the current state).", "",
            "| N (lines) | source graph: s / triples/s / disk MiB | system graph: s / triples/s / disk MiB | time ratio | disk ratio |",
            "|---:|---:|---:|---:|---:|"]
    for r in results:
        a, b = r["current_state"]["source"], r["current_state"]["system"]
        out.append(f"| {r['lines']:,} | {a['seconds']:.1f} / {a['triples_per_s']:,.0f} / {a['disk_mib']:,.0f} | "
                   f"{b['seconds']:.1f} / {b['triples_per_s']:,.0f} / {b['disk_mib']:,.0f} | "
                   f"{a['seconds'] / b['seconds']:.2f} | {a['disk_mib'] / b['disk_mib']:.2f} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--maillage", required=True)
    ap.add_argument("--oxigraph", required=True)
    ap.add_argument("--sizes", default="1e5,1e6")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"))
    ap.add_argument("--label", default=time.strftime("%Y-%m-%d"))
    args = ap.parse_args()
    meta = {"label": args.label, "machine": machine(), "maillage": version(args.maillage),
            "oxigraph": version(args.oxigraph)}
    results = []
    with tempfile.TemporaryDirectory(prefix="maillage-bench-imports-") as tmp:
        work = Path(tmp)
        for n in [int(float(s)) for s in args.sizes.split(",")]:
            data, lines, distinct = generated(args.maillage, n, work)
            r = {"n": n, "lines": lines, "distinct": distinct}
            # Interleaved: validated, Oxigraph, not validated.
            r["validated"] = post(args.maillage, work, data, lines, distinct, True)
            r["oxigraph"] = oxigraph_load(args.oxigraph, work, data, lines)
            r["not_validated"] = post(args.maillage, work, data, lines, distinct, False)
            r["current_state"] = current_state_cost(args.maillage, work, data, lines)
            print(json.dumps(r), flush=True)
            results.append(r)
            data.unlink()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    md = report(results, meta)
    (out / f"imports-{args.label}.md").write_text(md)
    (out / f"imports-{args.label}.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    print(md)


if __name__ == "__main__":
    main()
