#!/usr/bin/env python3
"""Recomputes, independently of accrue, every hash in a ledger's JSON export:
each entry's canonical hash, each batch's entries digest and its identity
(docs/ledger.md, "Canonical encoding"). An auditor can run it on any export.

    verify_export.py EXPORT.json   (one or more batch documents, concatenated)
Exits 0 when every hash matches, 1 otherwise.
"""
import hashlib
import json
import struct
import sys


def text(value: str) -> bytes:
    data = value.encode("utf-8")
    return struct.pack(">I", len(data)) + data


def integer(value: int) -> bytes:
    return struct.pack(">q", value)


def optional_text(value) -> bytes:
    return b"\x00" if value is None else b"\x01" + text(value)


def entry_bytes(batch_id: int, e: dict) -> bytes:
    out = text("accrue-entry/1") + integer(batch_id) + integer(e["sequence"])
    out += text(e["payee"]) + optional_text(e["customer"]) + text(e["component"]) + text(e["kind"])
    out += text(e["debit_account"]) + text(e["credit_account"]) + integer(e["amount_minor"])
    out += text(e["currency"]) + optional_text(e["due_date"]) + text(e["rule"]) + text(e["source_span"])
    settles = e["settles"]
    out += b"\x00" if settles is None else b"\x01" + integer(settles["batch"]) + integer(settles["sequence"])
    return out


def identity(batch: dict) -> str:
    data = text("accrue-batch-identity/1") + text(batch["plan_hash"]) + integer(len(batch["data_hashes"]))
    for name in sorted(batch["data_hashes"], key=lambda n: n.encode("utf-8")):
        data += text(name) + text(batch["data_hashes"][name])
    return hashlib.sha256(data + text(batch["period"])).hexdigest()


def documents(stream: str):
    decoder = json.JSONDecoder()
    at = 0
    while at < len(stream):
        while at < len(stream) and stream[at].isspace():
            at += 1
        if at == len(stream):
            return
        document, at = decoder.raw_decode(stream, at)
        yield document


def main(path: str) -> int:
    failures = 0
    batches = 0
    for document in documents(open(path, encoding="utf-8").read()):
        batch, entries = document["batch"], document["entries"]
        batches += 1
        hashes = []
        for e in entries:
            digest = hashlib.sha256(entry_bytes(batch["id"], e)).digest()
            hashes.append(digest)
            if digest.hex() != e["entry_hash"]:
                print(f"batch {batch['id']} entry {e['sequence']}: hash mismatch")
                failures += 1
        summary = text("accrue-batch-entries/1") + text(batch["identity"]) + integer(len(hashes)) + b"".join(hashes)
        if hashlib.sha256(summary).hexdigest() != batch["entries_digest"]:
            print(f"batch {batch['id']}: entries digest mismatch")
            failures += 1
        if identity(batch) != batch["identity"]:
            print(f"batch {batch['id']}: identity mismatch")
            failures += 1
        if batch["entry_count"] != len(entries):
            print(f"batch {batch['id']}: entry count mismatch")
            failures += 1
    print(f"{batches} batches checked, {failures} mismatches")
    return 1 if failures or not batches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
