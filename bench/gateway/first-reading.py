#!/usr/bin/env python3
"""Time from `edge run` start to the first reading committed in its database.

A DSMR 5 meter is played on a pseudo-terminal (one CRC-valid telegram every 100 ms, DSMR 5.0.2 format, CRC16/ARC
over '/' .. '!'); the daemon is started with a config that reads it; the database is polled (read-only) until the
readings table has a row. Prints the median and range over N runs, each on a fresh data directory.

usage: first-reading.py EDGE_BINARY [RUNS] [--detect]
  --detect  leave the framing to auto-detection (115200 8N1 is the first candidate, so ~3 s of capture is added)
"""
import json, os, pty, sqlite3, statistics, subprocess, sys, tempfile, threading, time, tty

def crc16_arc(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc

def telegram(wh: int) -> bytes:
    body = ("/ISk5\\2MT382-1000\r\n\r\n1-3:0.2.8(50)\r\n0-0:1.0.0(261124100000W)\r\n"
            "0-0:96.1.1(4530303034303031353934373534343134)\r\n"
            f"1-0:1.8.1({wh/1000:010.3f}*kWh)\r\n1-0:1.8.2(000000.000*kWh)\r\n"
            "1-0:2.8.1(000000.000*kWh)\r\n1-0:2.8.2(000000.000*kWh)\r\n0-0:96.14.0(0001)\r\n"
            "1-0:1.7.0(00.500*kW)\r\n1-0:2.7.0(00.000*kW)\r\n!").encode()
    return body + f"{crc16_arc(body):04X}\r\n".encode()

def play(master: int, stop: threading.Event):
    wh = 1000
    while not stop.is_set():
        os.write(master, telegram(wh)); wh += 1
        time.sleep(0.1)

def one_run(edge: str, detect: bool) -> float:
    master, slave = pty.openpty()
    tty.setraw(slave)  # raw mode: no echo back into the meter side, no line editing
    slave_path = os.ttyname(slave)
    stop = threading.Event()
    threading.Thread(target=play, args=(master, stop), daemon=True).start()
    with tempfile.TemporaryDirectory() as d:
        meter = {"id": "house", "protocol": "dsmr", "device": slave_path}
        if not detect:
            meter.update(baudRate=115200, framing="8N1")
        cfg = {"gatewayId": "bench", "dataDirectory": d, "meters": [meter], "api": {"listenUrl": "http://127.0.0.1:0"}}
        path = os.path.join(d, "gateway.json")
        with open(path, "w") as f:
            json.dump(cfg, f)
        db = os.path.join(d, "gateway.db")
        t0 = time.monotonic()
        proc = subprocess.Popen([edge, "run", "--config", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                if proc.poll() is not None:
                    raise SystemExit(f"edge exited with {proc.returncode}")
                if os.path.exists(db):
                    try:
                        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                        n = c.execute("SELECT count(*) FROM readings").fetchone()[0]
                        c.close()
                        if n > 0:
                            return time.monotonic() - t0
                    except sqlite3.Error:
                        pass
                time.sleep(0.005)
        finally:
            proc.terminate(); proc.wait(10); stop.set(); os.close(master)

if __name__ == "__main__":
    edge = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 5
    detect = "--detect" in sys.argv
    times = [one_run(edge, detect) for _ in range(runs)]
    print(f"first stored reading after start: median {statistics.median(times)*1000:.0f} ms "
          f"(min {min(times)*1000:.0f}, max {max(times)*1000:.0f}) over {runs} runs; framing {'detected' if detect else 'fixed'}")
