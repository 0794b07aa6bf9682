#!/usr/bin/env python3
"""Issue 6 reliability at the level of the daemon: `edge run` killed with SIGKILL at random moments, ROUNDS times, while
it ingests METERS DSMR 5 meters (one telegram a second each: 200 meters are 200 readings/s), runs its store upkeep and
scoring runs and writes alerts, all into the one SQLite file; after each kill nothing it acknowledged is missing and
integrity_check passes, and it comes back up on the same data directory.

tests/Edge.Runtime.Tests/Ingest/KillNineTests.cs kills the reading pipeline alone (Edge.IngestHarness); here the
daemon's other writers to gateway.db are killed mid-write too:
- the store upkeep, which runs at every start and then hourly: with rawRetentionDays 1 and PREFILL_HOURS (> 24) of
  readings every PREFILL_STEP seconds per meter written before the first round, and 2 more hours of readings past
  retention written before every restart, each start's pass deletes old readings in batches; with the time zone chosen
  so that local midnight has just passed, it also aggregates the day that has just ended from raw readings;
- scoring runs (POST /api/score with the admin token) and the alert store: every tenth meter's prefilled power-failure
  counter rises 5 times in the 10 h before the first reading, so each run raises or updates power-failure-burst alerts;
- an acknowledgement (POST /api/alerts/ID/ack) in some rounds.

Each round (seeded, so a run can be replayed): restart the daemon unless it is the first round, wait for its first new
stored reading, then by the round's kind ("upkeep": kill 0-3 s after that reading, in the start-up upkeep pass;
"score": ask for a scoring run and kill 0.2-8 s later; "ack": acknowledge an open alert, ask for a scoring run, kill
0.2-8 s later; "ingest": kill 3-12 s later), read what the daemon reports (GET /api/meters: readings stored since
start and the newest reading's time per meter; GET /api/alerts), SIGKILL it (not the simulator), and check with
Python's sqlite3: PRAGMA integrity_check is ok; per meter, the live readings stored (those at or after the meter's first
reading, so the retention deletes of the prefill do not count) are at least the count before the daemon started plus
the readings it reported stored; the newest reading it reported is stored; every alert it reported is stored for the
same meter with at least as many occurrences, acknowledged if it was. Prints a line per round (whether the upkeep pass
and the scoring run finished before the kill, from the daemon's log and the POST's answer) and a summary; exits 1 on
any violation and keeps the data directory then.

usage: kill-daemon.py EDGE_BINARY METER_SIM [--meters 200] [--rounds 20] [--seed 6] [--prefill-hours 26]
                      [--prefill-step 10] [--nice 10] [--data-dir DIR]
  METER_SIM is the meter-sim executable, or a .dll run with `dotnet`.
"""
import argparse, datetime, os, random, shutil, signal, sqlite3, statistics, sys, tempfile, threading, time

sys.dont_write_bytecode = True  # no __pycache__ left in the tree by the import below
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edge_daemon import ADMIN_TOKEN, api_call, prefill, query, score_now, start_daemon, start_meters, wait_all_meters, write_config

ALERT_EVERY = 10  # every tenth meter gets a power-failure burst in its prefilled history
KINDS = ("upkeep", "score", "ingest", "ack")


def midnight_just_passed() -> str:
    """An Etc/GMT zone whose local time is between 00:00 and 01:00 now (POSIX sign: Etc/GMT+4 is UTC-4)."""
    h = datetime.datetime.now(datetime.timezone.utc).hour
    return f"Etc/GMT+{h}" if h <= 12 else f"Etc/GMT-{24 - h}"


def burst(meter: str, k: int):
    """Power-failure counter of a prefilled reading K seconds before the meter's first: 0 rising to 5 over the last 10 h."""
    return 5 - min(5, k // 7200) if int(meter[1:]) % ALERT_EVERY == 0 else None


def live_counts(c, firsts) -> dict:
    return {m: c.execute("SELECT count(*) FROM readings WHERE meter_id = ? AND gateway_time_ms >= ?", (m, t)).fetchone()[0]
            for m, t in firsts.items()}


def add_past_retention(c, firsts, registers, protocol, quality, start_h: float, step_s: int) -> int:
    """Two hours of readings per meter from START_H hours before its first reading back: past the 1-day retention, so
    the next start's upkeep deletes them."""
    rows = 0
    with c:
        for m, first_ms in firsts.items():
            ks = range(int(start_h * 3600), int((start_h + 2) * 3600), step_s)
            c.executemany("INSERT INTO readings (meter_id, protocol, gateway_time_ms, gateway_offset_min, import_t1_wh, "
                          "import_t2_wh, quality) VALUES (?, ?, ?, 0, ?, ?, ?)",
                          [(m, protocol, first_ms - 1000 * k, max(0, registers[m][0] - k // 36), registers[m][1], quality) for k in ks])
            rows += len(ks)
    return rows


def epoch_ms(iso: str) -> int:
    """Milliseconds of a .NET DateTimeOffset in JSON (up to 7 fraction digits, which fromisoformat does not take)."""
    head, sep, rest = iso.partition(".")
    if sep:
        digits = rest[:len(rest) - len(rest.lstrip("0123456789"))]
        zone = rest[len(digits):]
        iso = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    since = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")) - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return since // datetime.timedelta(milliseconds=1)  # exact: no float rounding of the milliseconds


def check(db, firsts, before, meters, alerts) -> list:
    """What is missing or broken after the kill (empty: nothing)."""
    problems = []
    c = sqlite3.connect(db)
    try:
        result = [r[0] for r in c.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems.append(f"integrity_check: {result[:5]}")
        after = live_counts(c, firsts)
        for m in meters:
            want = before[m["id"]] + m["readingsStored"]
            if after[m["id"]] < want:
                problems.append(f"{m['id']}: {after[m['id']]} live readings stored, {before[m['id']]} before the start "
                                f"+ {m['readingsStored']} acknowledged = {want}")
            if m.get("lastReadingAt") and m["readingsStored"] > 0:
                ms = epoch_ms(m["lastReadingAt"])
                if c.execute("SELECT count(*) FROM readings WHERE meter_id = ? AND gateway_time_ms = ?", (m["id"], ms)).fetchone()[0] == 0:
                    problems.append(f"{m['id']}: newest acknowledged reading ({m['lastReadingAt']}) not stored")
        for a in alerts:
            row = c.execute("SELECT meter_id, occurrences, ack_by FROM alerts WHERE id = ?", (a["id"],)).fetchone()
            if row is None:
                problems.append(f"alert {a['id']} ({a['meterId']} {a['kind']}) missing")
            elif row[0] != a["meterId"] or row[1] < a["occurrences"] or (a.get("acknowledgedBy") and row[2] is None):
                problems.append(f"alert {a['id']}: stored {row}, reported {a['meterId']} x{a['occurrences']} ack {a.get('acknowledgedBy')}")
    finally:
        c.close()
    return problems


def snapshot(port: int, daemon) -> tuple:
    """GET /api/meters and /api/alerts, retried while the API is not up yet."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return api_call(port, "meters"), api_call(port, "alerts?limit=1000")
        except OSError:
            if time.monotonic() > deadline or daemon.poll() is not None:
                raise
            time.sleep(0.05)


def upkeep_passes(log_path: str, since: int) -> int:
    """Store upkeep passes the daemon logged after byte SINCE of its log."""
    with open(log_path, "rb") as f:
        f.seek(since)
        return f.read().count(b"store upkeep:")


def wait_upkeep(log, since: int, daemon, timeout: float = 600) -> float:
    """Waits until the daemon logs the end of its start-up upkeep pass; returns the seconds waited."""
    t0 = time.monotonic()
    while upkeep_passes(log.name, since) == 0:
        if daemon.poll() is not None:
            raise SystemExit(f"edge exited with {daemon.returncode} before its upkeep pass ended")
        if time.monotonic() - t0 > timeout:
            raise SystemExit(f"the daemon's start-up upkeep pass did not end within {timeout:.0f} s")
        time.sleep(0.1)
    return time.monotonic() - t0


def ask_score(port: int, outcome: dict):
    """POST /api/score on its own thread; OUTCOME gets the report, or the error when the daemon is killed first."""
    try:
        outcome["report"] = api_call(port, "score", ADMIN_TOKEN, b"", timeout=600)
    except Exception as e:  # the kill resets the connection
        outcome["error"] = type(e).__name__


def main():
    p = argparse.ArgumentParser()
    p.add_argument("edge"); p.add_argument("meter_sim")
    p.add_argument("--meters", type=int, default=200)
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--prefill-hours", type=float, default=26)
    p.add_argument("--prefill-step", type=int, default=10, metavar="SECONDS")
    p.add_argument("--nice", type=int, default=10, help="niceness of the simulator and the daemon")
    p.add_argument("--data-dir", help="data directory (default: a temporary one, removed unless a check fails)")
    a = p.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally below stops the children
    rng = random.Random(a.seed)
    zone = midnight_just_passed()
    d = a.data_dir or tempfile.mkdtemp(prefix="kill-daemon-")
    os.makedirs(d, exist_ok=True)
    log = open(os.path.join(d, "daemon.log"), "ab")
    t_run = time.monotonic()
    sim, daemon, failed = None, None, True
    try:
        sim, devices = start_meters(a.meter_sim, a.meters, a.nice)
        path, db, port = write_config(d, devices, zone, storage={"rawRetentionDays": 1})
        daemon = start_daemon(a.edge, path, os.environ, db, 0, a.nice, log)
        wait_all_meters(daemon, db, a.meters)
        daemon.terminate(); daemon.wait(60)
        c = sqlite3.connect(db)
        firsts = dict(c.execute("SELECT meter_id, min(gateway_time_ms) FROM readings GROUP BY meter_id"))
        registers = {m: c.execute("SELECT coalesce(import_t1_wh, 0), coalesce(import_t2_wh, 0) FROM readings WHERE meter_id = ? "
                                  "AND gateway_time_ms = ?", (m, t)).fetchone() for m, t in firsts.items()}
        protocol, quality = c.execute("SELECT protocol, quality FROM readings LIMIT 1").fetchone()
        c.close()
        started = time.monotonic()
        rows = prefill(db, a.prefill_hours, a.prefill_step, burst)
        print(f"{a.meters} meters; prefilled {rows} readings ({a.prefill_hours:g} h every {a.prefill_step} s per meter, "
              f"power-failure bursts on every {ALERT_EVERY}th) in {time.monotonic() - started:.0f} s; time zone {zone}; "
              f"rawRetentionDays 1; data {d}", flush=True)

        # One start that finishes its upkeep pass and a scoring run, stopped cleanly: the alerts the rounds update.
        log_at = os.path.getsize(log.name)
        daemon = start_daemon(a.edge, path, os.environ, db, ("max id", query(db, "SELECT max(id) FROM readings")), a.nice, log)
        upkeep_s = wait_upkeep(log, log_at, daemon)
        report, _, score_s = score_now(port, daemon.pid)
        daemon.terminate(); daemon.wait(60)
        print(f"setup: start-up upkeep pass {upkeep_s:.0f} s, then a scoring run {score_s:.0f} s ({report['meters']} meters, "
              f"{report['alertsRaised']} alerts raised); stopped with SIGTERM", flush=True)

        violations, acked_total, stored_total, up_total, kinds, rates = 0, 0, 0, 0.0, {k: 0 for k in KINDS}, []
        for r in range(a.rounds):
            c = sqlite3.connect(db)
            aged = add_past_retention(c, firsts, registers, protocol, quality, a.prefill_hours + 2 * r, a.prefill_step)
            before = live_counts(c, firsts)
            max_id = c.execute("SELECT max(id) FROM readings").fetchone()[0]
            c.close()
            kind = KINDS[r % len(KINDS)]
            kinds[kind] += 1
            log_at = os.path.getsize(log.name)
            t0 = time.monotonic()
            daemon = start_daemon(a.edge, path, os.environ, db, ("max id", max_id), a.nice, log)
            t_up = time.monotonic()
            outcome, acked, mid = {}, None, None
            if kind in ("score", "ingest"):
                # After the start-up pass: the pty backlog is read, the kill lands in ingest (and the scoring run).
                wait_upkeep(log, log_at, daemon)
                mid = (time.monotonic(), sum(m["readingsStored"] for m in snapshot(port, daemon)[0]))
            if kind == "ack":
                _, alerts = snapshot(port, daemon)
                open_alerts = [x for x in alerts if not x.get("acknowledgedBy")]
                if open_alerts:
                    acked = rng.choice(open_alerts)["id"]
                    api_call(port, f"alerts/{acked}/ack", ADMIN_TOKEN, {"by": "kill-daemon"})
            if kind in ("score", "ack"):
                threading.Thread(target=ask_score, args=(port, outcome), daemon=True).start()
            wait = {"upkeep": rng.uniform(0, 3), "ack": rng.uniform(0.2, 8), "score": rng.uniform(0.2, 1.5 * score_s),
                    "ingest": rng.uniform(1, 6)}[kind]
            time.sleep(wait)
            meters, alerts = snapshot(port, daemon)
            t_kill = time.monotonic()
            os.kill(daemon.pid, signal.SIGKILL)
            daemon.wait()
            log.flush()
            upkeep_done = upkeep_passes(log.name, log_at)
            problems = check(db, firsts, before, meters, alerts)
            violations += len(problems)
            n = sum(m["readingsStored"] for m in meters)
            stored_total += n
            up_total += t_kill - t0
            acked_total += acked is not None
            if mid:
                rates.append((n - mid[1]) / (t_kill - mid[0]))
            scoring = "" if kind not in ("score", "ack") else (
                f"; scoring {'finished (' + str(outcome['report'].get('meters')) + ' meters)' if 'report' in outcome else 'cut by the kill'}")
            print(f"round {r + 1:2d} {kind:6s}: up {t_up - t0:4.1f} s, killed {t_kill - t_up:4.1f} s after its first reading; "
                  f"{n} readings acknowledged{f' ({rates[-1]:.0f}/s after the upkeep pass)' if mid else ''}; {len(alerts)} alerts"
                  f"{', #' + str(acked) + ' acknowledged' if acked else ''}; upkeep pass {'finished' if upkeep_done else 'cut by the kill'}"
                  f"{scoring}; {aged} readings past retention added before the start; "
                  f"{'OK' if not problems else 'VIOLATION: ' + '; '.join(problems[:5])}", flush=True)
        total = time.monotonic() - t_run
        print(f"{a.rounds} rounds ({', '.join(f'{k} {v}' for k, v in kinds.items())}) in {total:.0f} s: "
              f"{violations} violations; {stored_total} readings acknowledged over {up_total:.0f} s of daemon uptime "
              f"({stored_total / up_total:.0f}/s with the backlog each start reads); after the start-up upkeep pass "
              f"{statistics.median(rates):.0f}/s median (min {min(rates):.0f}, max {max(rates):.0f}) over {len(rates)} rounds; "
              f"{acked_total} acknowledgements; "
              f"final store {os.path.getsize(db) / 2**20:.0f} MiB, "
              f"{query(db, 'SELECT count(*) FROM alerts')} alerts", flush=True)
        failed = violations > 0
    finally:
        if daemon and daemon.poll() is None:
            daemon.kill(); daemon.wait()
        if sim and sim.poll() is None:
            sim.terminate()
            try:
                sim.wait(10)
            except Exception:
                sim.kill()
        log.close()
        if failed:
            print(f"data directory kept: {d}", file=sys.stderr)
        elif not a.data_dir:
            shutil.rmtree(d, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
