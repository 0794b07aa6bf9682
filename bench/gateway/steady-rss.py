#!/usr/bin/env python3
"""Resident memory of `edge run` reading many DSMR meters, sampled over a run.

`meter-sim dsmr --count N` plays N DSMR 5 meters (one CRC-valid telegram per second each, 115200 8N1) on N
pseudo-terminals from one process; the daemon is started with a config that reads all of them (framing fixed, as in
first-reading.py) on a fresh data directory. VmRSS of the daemon (/proc/PID/status) is sampled every INTERVAL seconds
for DURATION seconds from the first stored reading on. Prints every sample (CSV on stderr: VmRSS and its anonymous,
file-backed and shared parts, threads, readings stored, daemon CPU seconds, and from the daemon's /metrics the GC
heap size at the last GC, GC committed bytes, managed bytes now, thread-pool threads and gen-2 collections) and a
summary: RSS at the first stored reading, the median and maximum over the steady part (after WARMUP seconds), the
least-squares slope of RSS over the steady part in MiB per hour, the same for the GC's committed bytes and for the
rest of RSS (native memory, stacks and mapped files), the readings stored, the daemon's CPU time and the load average.
The daemon's API listens on a free loopback port with a read token made up for the run.

With --prefill-hours H the daemon is stopped after its first stored reading, H hours of one-second readings per meter
(100 W each, registers rising into the meter's first real reading, gateway times before it) are written into its store
as if it had been reading them, and the daemon is started again; sampling starts at its next stored reading. With
--time-zone set so that local midnight has just passed, the prefilled day has just ended: the store upkeep at start and
in the next hours computes it from a full day of raw readings per meter (the heaviest upkeep there is), and the daily
scoring run (02:00 local) reads it too. With --score-at T (repeatable) the run asks the daemon to score every meter
now (POST /api/score with an admin token made up for the run) T seconds after the first stored reading, and prints the
run's report and the daemon CPU seconds it took (CPU time of the whole daemon over the request, ingest included).

usage: steady-rss.py EDGE_BINARY METER_SIM [--meters 100] [--duration 600] [--interval 5] [--warmup 120]
                    [--prefill-hours 0] [--time-zone UTC] [--score-at SECONDS ...] [--daemon-env KEY=VALUE ...]
  METER_SIM is the meter-sim executable, or a .dll run with `dotnet`.
"""
import argparse, json, os, sqlite3, statistics, sys, tempfile, time, urllib.request

sys.dont_write_bytecode = True  # no __pycache__ left in the tree by the import below
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edge_daemon import READ_TOKEN, cpu_seconds, prefill, score_now, start_daemon, start_meters, stored, wait_all_meters, write_config

GEN2 = 'dotnet_gc_collections_total{generation="2"}'
GC_METRICS = (GEN2, "dotnet_gc_heap_size_bytes", "dotnet_gc_committed_bytes", "dotnet_total_memory_bytes", "dotnet_threadpool_threads")

def scrape(port: int) -> dict:
    """The GC families of the daemon's /metrics (empty when it does not answer)."""
    try:
        req = urllib.request.Request(f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {READ_TOKEN}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            text = r.read().decode()
    except OSError:
        return {}
    values = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in GC_METRICS:
            values[name] = float(value)
    return values

def rss_kib(pid: int) -> dict:
    """VmRSS and its parts (RssAnon: heap and stacks; RssFile: mapped files; RssShmem: shared memory) in KiB, and Threads."""
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f if line.startswith(("VmRSS", "RssAnon", "RssFile", "RssShmem", "Threads")))
    return {k: int(v.split()[0]) for k, v in fields.items()}

def slope_per_hour(points):
    """Least-squares slope of (seconds, MiB) points, in MiB per hour."""
    n = len(points)
    mt = sum(t for t, _ in points) / n
    mr = sum(r for _, r in points) / n
    sxx = sum((t - mt) ** 2 for t, _ in points)
    sxy = sum((t - mt) * (r - mr) for t, r in points)
    return sxy / sxx * 3600 if sxx > 0 else 0.0

def main():
    p = argparse.ArgumentParser()
    p.add_argument("edge"); p.add_argument("meter_sim")
    p.add_argument("--meters", type=int, default=100)
    p.add_argument("--duration", type=float, default=600)
    p.add_argument("--interval", type=float, default=5)
    p.add_argument("--warmup", type=float, default=120)
    p.add_argument("--prefill-hours", type=float, default=0)
    p.add_argument("--time-zone", default="UTC")
    p.add_argument("--score-at", type=float, action="append", default=[], metavar="SECONDS",
                   help="ask for a scoring run this many seconds after the first stored reading (repeatable)")
    p.add_argument("--daemon-env", action="append", default=[], metavar="KEY=VALUE",
                   help="extra environment for the daemon only, e.g. DOTNET_GCHeapHardLimit=0x1000000")
    a = p.parse_args()
    load_start = os.getloadavg()[0]

    sim, devices = start_meters(a.meter_sim, a.meters)
    daemon = None
    try:
        with tempfile.TemporaryDirectory() as d:
            path, db, port = write_config(d, devices, a.time_zone)
            env = dict(os.environ, **dict(kv.split("=", 1) for kv in a.daemon_env))
            daemon = start_daemon(a.edge, path, env, db, 0)
            if a.prefill_hours > 0:
                wait_all_meters(daemon, db, a.meters)
                daemon.terminate(); daemon.wait(60)
                started = time.monotonic()
                rows = prefill(db, a.prefill_hours)
                print(f"prefilled {rows} readings ({a.prefill_hours:g} h per meter) in {time.monotonic() - started:.0f} s; "
                      f"time zone {a.time_zone}", file=sys.stderr)
                daemon = start_daemon(a.edge, path, env, db, stored(db))
            t0 = time.monotonic()
            samples = []  # (seconds since first stored reading, RSS MiB)
            counters = []  # (seconds, readings stored, daemon CPU seconds)
            gc = []  # (seconds, GC committed MiB, RSS - GC committed MiB, GC heap MiB, threads, pool threads)
            score_at = sorted(a.score_at)
            scorings = []  # (seconds, report, daemon CPU seconds, wall seconds)
            print("seconds,rss_mib,anon_mib,file_mib,shmem_mib,threads,readings_stored,cpu_s,"
                  "gc_heap_mib,gc_committed_mib,managed_now_mib,pool_threads,gen2_collections", file=sys.stderr)
            while True:
                t = time.monotonic() - t0
                if daemon.poll() is not None:
                    raise SystemExit(f"edge exited with {daemon.returncode} after {t:.0f} s")
                rss = rss_kib(daemon.pid)
                samples.append((t, rss["VmRSS"] / 1024))
                counters.append((t, stored(db), cpu_seconds(daemon.pid)))
                m = scrape(port)
                mib = lambda k: f"{m[k] / 2**20:.1f}" if k in m else ""
                if "dotnet_gc_committed_bytes" in m:
                    committed = m["dotnet_gc_committed_bytes"] / 2**20
                    gc.append((t, committed, samples[-1][1] - committed, m["dotnet_gc_heap_size_bytes"] / 2**20,
                               rss["Threads"], m["dotnet_threadpool_threads"]))
                print(f"{t:.1f},{samples[-1][1]:.1f},{rss['RssAnon'] / 1024:.1f},{rss['RssFile'] / 1024:.1f},{rss['RssShmem'] / 1024:.1f},{rss['Threads']},"
                      f"{counters[-1][1]},{counters[-1][2]:.2f},{mib('dotnet_gc_heap_size_bytes')},{mib('dotnet_gc_committed_bytes')},"
                      f"{mib('dotnet_total_memory_bytes')},{m.get('dotnet_threadpool_threads', '')},"
                      f"{m.get(GEN2, '')}", file=sys.stderr)
                if score_at and t >= score_at[0]:
                    score_at.pop(0)
                    report, cpu, wall = score_now(port, daemon.pid)
                    scorings.append((t, report, cpu, wall))
                    print(f"scoring at {t:.0f} s: {json.dumps(report)}; daemon CPU {cpu:.2f} s over {wall:.2f} s", file=sys.stderr)
                if t >= a.duration:
                    break
                time.sleep(max(0.0, a.interval - (time.monotonic() - t0 - t)))
            meters_seen = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
                "SELECT count(DISTINCT meter_id) FROM readings").fetchone()[0]
            daemon.terminate(); daemon.wait(30)
    finally:
        if daemon and daemon.poll() is None:
            daemon.kill()
        sim.terminate(); sim.wait(10)

    steady = [s for s in samples if s[0] >= a.warmup]
    rss = [r for _, r in steady]
    span = samples[-1][0]
    print(f"meters {a.meters} ({meters_seen} with stored readings), {span:.0f} s sampled every {a.interval:.0f} s "
          f"from the first stored reading; steady part from {a.warmup:.0f} s ({len(steady)} samples)")
    print(f"RSS at first stored reading {samples[0][1]:.1f} MiB; steady median {statistics.median(rss):.1f} MiB, "
          f"min {min(rss):.1f}, max {max(rss):.1f} (max over the whole run {max(r for _, r in samples):.1f}); "
          f"slope {slope_per_hour(steady):+.2f} MiB/h")
    (t1, n1, c1), (t2, n2, c2) = next(c for c in counters if c[0] >= a.warmup), counters[-1]
    print(f"steady part: {(n2 - n1) / (t2 - t1):.1f} readings stored per second, daemon CPU {(c2 - c1) / (t2 - t1) * 100:.1f}% of one core; "
          f"{n2} readings stored in all; load average {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")

    for t, report, cpu, wall in scorings:
        print(f"scoring asked at {t:.0f} s: {report['meters']} meters, {report['durationSeconds']:.2f} s by the daemon's clock; "
              f"daemon CPU {cpu:.2f} s over the request ({wall:.2f} s wall), ingest included")

    steady_gc = [g for g in gc if g[0] >= a.warmup]
    if steady_gc:
        threads = [g[4] for g in steady_gc]
        pool = [g[5] for g in steady_gc]
        print(f"steady part, from /metrics: GC heap at last GC median {statistics.median(g[3] for g in steady_gc):.1f} MiB "
              f"(max {max(g[3] for g in steady_gc):.1f}); GC committed median {statistics.median(g[1] for g in steady_gc):.1f} MiB, "
              f"slope {slope_per_hour([(g[0], g[1]) for g in steady_gc]):+.2f} MiB/h; RSS minus GC committed (native, stacks, "
              f"mapped files) median {statistics.median(g[2] for g in steady_gc):.1f} MiB, slope {slope_per_hour([(g[0], g[2]) for g in steady_gc]):+.2f} MiB/h; "
              f"threads {min(threads)}-{max(threads)}, thread-pool threads {min(pool):.0f}-{max(pool):.0f}")
    else:
        print("no /metrics samples (daemon without the process families, or its API did not answer)")

if __name__ == "__main__":
    main()
