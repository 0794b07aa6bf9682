#!/usr/bin/env python3
"""CRC-16/ARC for DSMR P1 telegrams, independent of the C# decoder.

DSMR P1 Companion Standard v5.0.2 section 6.2: CRC16 over the characters from '/' to '!' inclusive,
polynomial x16+x15+x2+1, no XOR in or out, least significant bit first, sent as hex MSB first.
That is CRC-16/ARC: reflected polynomial 0xA001, init 0x0000, xorout 0; check("123456789") = 0xBB3D.

Usage: python3 crc16_arc.py FILE...  (files hold LF line ends; each LF is sent as CR LF, as on the wire)
Prints the computed CRC of each file and whether the CRC written after '!' matches it.
"""
import sys


def crc16_arc(data: bytes) -> int:
    crc = 0x0000
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def check_file(path: str) -> bool:
    with open(path, "rb") as f:
        text = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    bang = text.index(b"!")
    computed = crc16_arc(text[: bang + 1])
    sent = text[bang + 1 :].split(b"\r\n")[0].decode("ascii")
    if not sent:
        print(f"{path}: computed {computed:04X}, none sent (legacy telegram)")
        return True
    ok = int(sent, 16) == computed
    print(f"{path}: computed {computed:04X}, sent {sent}: {'ok' if ok else 'MISMATCH'}")
    return ok


if __name__ == "__main__":
    assert crc16_arc(b"123456789") == 0xBB3D, "CRC-16/ARC check value"
    results = [check_file(p) for p in sys.argv[1:]]
    sys.exit(0 if all(results) else 1)
