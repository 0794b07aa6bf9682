"""What the gateway benches share: the meter simulator on pseudo-terminals, a config that reads its meters, `edge run`
on it, the daemon's API with tokens made up for the run, and the store read (and prefilled) with Python's sqlite3.

Imported by steady-rss.py and kill-daemon.py (run them from any directory: they put this folder on sys.path).
"""
import hashlib, json, os, socket, sqlite3, subprocess, time, urllib.request

READ_TOKEN = "edge-bench-read"
ADMIN_TOKEN = "edge-bench-admin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_meters(meter_sim: str, count: int, nice: int = 0, extra=()):
    """Starts `meter-sim dsmr --count COUNT` (a .dll is run with `dotnet`); returns (process, device paths)."""
    cmd = (["dotnet", meter_sim] if meter_sim.endswith(".dll") else [meter_sim]) + ["dsmr", "--count", str(count), *extra]
    if nice:
        cmd = ["nice", "-n", str(nice)] + cmd
    sim = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    devices = [sim.stdout.readline().strip() for _ in range(count)]
    if not all(d.startswith("/dev/") for d in devices):
        sim.kill()
        raise SystemExit(f"meter-sim did not print {count} device paths: {devices[:3]}...")
    return sim, devices


def write_config(data_dir: str, devices, time_zone: str = "UTC", storage=None) -> tuple:
    """Writes gateway.json reading every device as a DSMR 5 meter m000, m001, ... (framing fixed: 115200 8N1), the API on
    a free loopback port with a read and an admin token; returns (config path, database path, API port)."""
    meters = [{"id": f"m{i:03d}", "protocol": "dsmr", "device": dev, "baudRate": 115200, "framing": "8N1"}
              for i, dev in enumerate(devices)]
    port = free_port()
    api = {"listenUrl": f"http://127.0.0.1:{port}",
           "tokens": [{"name": "bench", "role": "read", "sha256": hashlib.sha256(READ_TOKEN.encode()).hexdigest()},
                      {"name": "bench-admin", "role": "admin", "sha256": hashlib.sha256(ADMIN_TOKEN.encode()).hexdigest()}]}
    cfg = {"gatewayId": "bench", "dataDirectory": data_dir, "meters": meters, "api": api, "timeZone": time_zone}
    if storage:
        cfg["storage"] = storage
    path = os.path.join(data_dir, "gateway.json")
    with open(path, "w") as f:
        json.dump(cfg, f)
    return path, os.path.join(data_dir, "gateway.db"), port


def api_call(port: int, route: str, token: str = READ_TOKEN, body=None, timeout: float = 10):
    """GET (or POST with BODY, a JSON-able value or b"") /api/ROUTE; returns the parsed JSON answer."""
    data = None if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {token}"}
    if data:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/{route}", data=data, method="GET" if body is None else "POST",
                                 headers=headers)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.load(r)


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, fields 14 and 15


def score_now(port: int, pid: int) -> tuple:
    """POST /api/score; returns (report, daemon CPU seconds over the request, wall seconds)."""
    cpu, wall = cpu_seconds(pid), time.monotonic()
    report = api_call(port, "score", ADMIN_TOKEN, b"", timeout=3600)
    return report, cpu_seconds(pid) - cpu, time.monotonic() - wall


def query(db: str, sql: str, default=0):
    """The first column of the first row of SQL on a read-only connection (DEFAULT while the store cannot be read)."""
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            row = c.execute(sql).fetchone()
            return default if row is None or row[0] is None else row[0]
        finally:
            c.close()
    except sqlite3.Error:
        return default


def stored(db: str) -> int:
    return query(db, "SELECT count(*) FROM readings")


def meters_stored(db: str) -> int:
    """How many meters have a stored reading."""
    return query(db, "SELECT count(DISTINCT meter_id) FROM readings")


def start_daemon(edge, config_path, env, db, after, nice: int = 0, log=None, timeout: float = 600):
    """Starts `edge run` and waits until it has stored more than AFTER readings (or, with AFTER a ("max id", N) pair,
    until a reading with a rowid above N is stored), at most TIMEOUT seconds. LOG is a file for its output (default:
    discarded)."""
    cmd = [edge, "run", "--config", config_path]
    if nice:
        cmd = ["nice", "-n", str(nice)] + cmd  # nice execs edge: the pid is the daemon's
    out = log if log is not None else subprocess.DEVNULL
    daemon = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT if log is not None else subprocess.DEVNULL, env=env)
    sql, floor = ("SELECT max(id) FROM readings", after[1]) if isinstance(after, tuple) else ("SELECT count(*) FROM readings", after)
    deadline = time.monotonic() + timeout
    while query(db, sql) <= floor:
        if daemon.poll() is not None:
            raise SystemExit(f"edge exited with {daemon.returncode}")
        if time.monotonic() > deadline:
            daemon.kill()
            raise SystemExit(f"edge stored no new reading within {timeout:.0f} s of its start")
        time.sleep(0.05)
    return daemon


def wait_all_meters(daemon, db: str, meters: int):
    while meters_stored(db) < meters:
        if daemon.poll() is not None:
            raise SystemExit(f"edge exited with {daemon.returncode}")
        time.sleep(0.5)


def prefill(db: str, hours: float, step_s: int = 1, events=None) -> int:
    """Writes HOURS of readings every STEP_S seconds per meter before each meter's first stored reading (100 W each,
    drawn on tariff 1, registers rising into that reading; gateway times before it); returns rows written.
    EVENTS(meter id, seconds before the first reading) gives the power-failure counter of a row (None: the column is
    left NULL)."""
    c = sqlite3.connect(db)
    try:
        protocol, quality = c.execute("SELECT protocol, quality FROM readings LIMIT 1").fetchone()
        firsts = c.execute("""SELECT meter_id, min(gateway_time_ms) FROM readings GROUP BY meter_id""").fetchall()
        rows = 0
        with c:
            for meter, first_ms in firsts:
                t1, t2 = c.execute("SELECT coalesce(import_t1_wh, 0), coalesce(import_t2_wh, 0) FROM readings "
                                   "WHERE meter_id = ? AND gateway_time_ms = ?", (meter, first_ms)).fetchone()
                seconds = int(hours * 3600)
                # 100 W is 1 Wh every 36 s.
                batch = [(meter, protocol, first_ms - 1000 * k, 0, max(0, t1 - k // 36), t2, quality,
                          events(meter, k) if events else None)
                         for k in range(seconds - seconds % step_s, 0, -step_s)]
                c.executemany("INSERT INTO readings (meter_id, protocol, gateway_time_ms, gateway_offset_min, import_t1_wh, "
                              "import_t2_wh, quality, power_failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
                rows += len(batch)
        return rows
    finally:
        c.close()
