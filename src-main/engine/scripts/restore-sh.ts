import type { EngineSettings } from '../../../shared/settings.js';

/**
 * RESTORE.sh: restore with nothing but POSIX sh, sed, cat, tar and sha256sum (or shasum).
 * The volume list and hashes come from MANIFEST.json (one volume per line), in numeric order,
 * so 1000+ volumes work where a `BACKUP.0*` glob would not.
 */
export function restoreShScript(id: string, compression: EngineSettings['compression']): string {
  const z = compression === 'gzip' ? 'z' : '';
  return `#!/bin/sh
# HotBackup ${id}: restore this backup into a folder.
#   sh RESTORE.sh TARGET_FOLDER [--force]
# Checks the SHA-256 of every volume first, then extracts them in order with tar.
# TARGET_FOLDER must be empty unless --force is given (files there are overwritten).
set -eu

usage() { echo "usage: sh RESTORE.sh TARGET_FOLDER [--force]"; }
die() { echo "RESTORE.sh: $*" >&2; exit 1; }

target=""
force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) [ -z "$target" ] || { usage >&2; exit 2; }; target=$arg ;;
  esac
done
[ -n "$target" ] || { usage >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
[ -f "$here/MANIFEST.json" ] || die "MANIFEST.json is missing in $here: copy the whole backup folder."
sums=$(sed -n 's/^ *{"name":"\\(BACKUP\\.[0-9][0-9]*\\)","size":[0-9][0-9]*,"sha256":"\\([0-9a-f]\\{64\\}\\)"}.*$/\\2  \\1/p' "$here/MANIFEST.json")
[ -n "$sums" ] || die "MANIFEST.json lists no volumes."

if command -v sha256sum >/dev/null 2>&1; then check="sha256sum -c -"
elif command -v shasum >/dev/null 2>&1; then check="shasum -a 256 -c -"
else die "neither sha256sum nor shasum is installed: cannot check the volumes."
fi
echo "Checking volumes..."
(cd "$here" && printf '%s\\n' "$sums" | $check) || die "a volume is missing or damaged (see above): restore from another backup."

if [ -d "$target" ] && [ -n "$(ls -A "$target")" ] && [ "$force" -ne 1 ]; then
  die "$target is not empty. Choose an empty folder, or add --force to overwrite files in it."
fi
mkdir -p "$target"
echo "Extracting into $target..."
names=$(printf '%s\\n' "$sums" | sed 's/^[0-9a-f]*  //')
# GNU tar does not know the POSIX pax keyword hdrcharset (names kept as raw bytes): keep it quiet.
quiet=""
tar --version 2>/dev/null | grep -q 'GNU tar' && quiet="--warning=no-unknown-keyword"
(cd "$here" && for v in $names; do cat "$v" || exit 1; done) | tar $quiet -x${z}f - -C "$target" || die "tar could not extract the backup."
echo "Restored HotBackup ${id} into $target"
`;
}
