#!/usr/bin/env bash
# The disk's sequential write rate, to compare with log_bench's publish MB/s on the same disk.
#   bench/micro/disk_seq_write.sh [DIR] [MB]
# Prints two figures with dd from /dev/zero:
#   - one stream of 1 MiB writes, fdatasync once at the end (the disk's streaming rate; what
#     fsync policy "never" can at best approach once the OS flushes);
#   - 512 KiB writes with O_DSYNC, i.e. synced one by one (close to what fsync policy "batch"
#     does per 500-record publish of ~0.5 MB).
set -euo pipefail
dir=${1:-${SLUICE_BENCH_DIR:-/tmp}}
mb=${2:-256}
file="$dir/sluice_disk_seq_write.$$"
trap 'rm -f "$file"' EXIT

rate() {  # dd's summary line ends with the rate, e.g. "..., 1.2 GB/s"
  LC_ALL=C dd "$@" 2>&1 | awk '/copied/ {print $(NF-1), $NF}'
}

echo "disk: $(df -P "$dir" | awk 'NR==2 {print $1}') (dir $dir), ${mb} MiB per run"
echo "sequential 1 MiB writes + fdatasync: $(rate if=/dev/zero of="$file" bs=1M count="$mb" conv=fdatasync)"
rm -f "$file"
echo "512 KiB writes, each O_DSYNC:       $(rate if=/dev/zero of="$file" bs=512K count=$((mb * 2)) oflag=dsync)"
