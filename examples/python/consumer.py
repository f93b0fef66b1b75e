#!/usr/bin/python3
"""A downstream consumer of the Reskontra journal, in Python with Debian's python3-grpcio.

It subscribes to reskontrad's event stream from the position kept in a state file, checks the
hash chain link by link (each record's prev_hash is the previous record's hash), prints running
totals, and writes its position and that record's hash back after every record, so that a
restart resumes exactly where it stopped: no record twice, none missed.

    examples/python/consumer.py --server 127.0.0.1:50051 --state consumer.state [--follow]

The Python stubs are generated from proto/reskontra/v1/ledger.proto into a cache folder with
protoc and grpc_python_plugin (Debian's protobuf-compiler and protobuf-compiler-grpc).
"""
import argparse
import collections
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.join(HERE, "..", "..", "proto")


def load_stubs():
    out = os.path.join(tempfile.gettempdir(), "reskontra-python-stubs")
    proto = os.path.join(PROTO_ROOT, "reskontra", "v1", "ledger.proto")
    stamp = os.path.join(out, "reskontra", "v1", "ledger_pb2.py")
    if not os.path.exists(stamp) or os.path.getmtime(stamp) < os.path.getmtime(proto):
        os.makedirs(out, exist_ok=True)
        subprocess.run(["protoc", "-I" + PROTO_ROOT, "--python_out=" + out, "--grpc_python_out=" + out,
                        "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", proto], check=True)
    sys.path.insert(0, out)
    from reskontra.v1 import ledger_pb2, ledger_pb2_grpc  # noqa: E402
    return ledger_pb2, ledger_pb2_grpc


def read_state(path):
    if not os.path.exists(path):
        return 0, b"\0" * 32
    with open(path) as f:
        position, digest = f.read().split()
    return int(position), bytes.fromhex(digest)


def write_state(path, position, digest):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d %s\n" % (position, digest.hex()))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)  # atomic: the file always names one record the consumer finished


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:50051")
    parser.add_argument("--state", default="consumer.state", help="position and hash of the last record")
    parser.add_argument("--token", default=os.environ.get("RESKONTRA_TOKEN", ""))
    parser.add_argument("--follow", action="store_true", help="keep following after the head")
    parser.add_argument("--limit", type=int, default=0, help="stop after this many records (0: none)")
    args = parser.parse_args()

    pb, rpc = load_stubs()
    import grpc

    position, last_hash = read_state(args.state)
    stub = rpc.LedgerStub(grpc.insecure_channel(args.server))
    metadata = [("authorization", "Bearer " + args.token)] if args.token else []
    request = pb.SubscribeRequest(from_position=position + 1, history_only=not args.follow)

    by_type = collections.Counter()
    invoiced = paid = 0
    seen = 0
    for e in stub.Subscribe(request, metadata=metadata):
        if e.position == 0:  # a heartbeat
            continue
        if e.position != position + 1:
            sys.exit("gap: expected position %d, got %d" % (position + 1, e.position))
        if e.prev_hash != last_hash:
            sys.exit("chain broken at position %d: prev_hash is not the hash of %d" % (e.position, position))
        by_type[e.type] += 1
        if e.HasField("invoice_issued"):
            invoiced += e.invoice_issued.total_ore
        if e.HasField("payment_received"):
            paid += e.payment_received.amount_ore
        position, last_hash = e.position, e.hash
        write_state(args.state, position, last_hash)
        seen += 1
        if seen % 1000 == 0:
            print("position %d: %d records this run" % (position, seen), flush=True)
        if args.limit and seen >= args.limit:
            break
    print("consumed %d records, now at position %d (hash %s…), chain OK" % (seen, position, last_hash.hex()[:16]))
    print("invoiced %.2f kr, payments received %.2f kr in this run" % (invoiced / 100, paid / 100))
    for t, n in sorted(by_type.items()):
        print("  %-32s %d" % (t, n))


if __name__ == "__main__":
    main()
