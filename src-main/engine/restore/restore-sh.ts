import type { EngineSettings } from '../../../shared/settings.js';

/**
 * RESTORE.sh: restore with nothing but POSIX sh, sed, awk, cat, find, tar and sha256sum (or shasum).
 * The volume list and hashes come from MANIFEST.json (one volume per line), in numeric order,
 * so 1000+ volumes work where a `BACKUP.0*` glob would not.
 *
 * What it may create is the same as `hotbackup restore`: regular files, folders, symbolic links and
 * hard links inside the target, never device nodes, FIFOs or setuid/setgid files (setgid folders
 * stay). The archive's listing is checked before anything is extracted; GNU tar's --mode only
 * applies when creating archives, so the listing check is what refuses setuid/setgid files, and a
 * last pass clears any such bit and removes any special file under the target all the same.
 */
export function restoreShScript(id: string, compression: EngineSettings['compression']): string {
  const z = compression === 'gzip' ? 'z' : '';
  return `#!/bin/sh
# HotBackup ${id}: restore this backup into a folder.
#   sh RESTORE.sh TARGET_FOLDER [--force] [--same-owner]
# Checks the SHA-256 of every volume, then the archive's listing (only files, folders and links
# inside TARGET_FOLDER; no device nodes, FIFOs, setuid or setgid files), then extracts with tar.
# TARGET_FOLDER must be empty unless --force is given (files there are overwritten).
# Files are owned by whoever runs this; as root, --same-owner keeps the owners in the archive.
set -eu
LC_ALL=C
export LC_ALL

usage() { echo "usage: sh RESTORE.sh TARGET_FOLDER [--force] [--same-owner]"; }
die() { echo "RESTORE.sh: $*" >&2; exit 1; }

target=""
force=0
owner=--no-same-owner
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --same-owner) owner=--same-owner ;;
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
names=$(printf '%s\\n' "$sums" | sed 's/^[0-9a-f]*  //')
for v in $names; do
  [ -f "$here/$v" ] && [ ! -h "$here/$v" ] || die "$v is missing or is not a plain file (a symbolic link is never followed): restore from another backup."
done
volumes() { (cd "$here" && for v in $names; do cat "$v" || exit 1; done); }
# GNU tar does not know the POSIX pax keyword hdrcharset (names kept as raw bytes): keep it quiet.
quiet=""
tar --version 2>/dev/null | grep -q 'GNU tar' && quiet="--warning=no-unknown-keyword"

if command -v sha256sum >/dev/null 2>&1; then check="sha256sum -c -"
elif command -v shasum >/dev/null 2>&1; then check="shasum -a 256 -c -"
else die "neither sha256sum nor shasum is installed: cannot check the volumes."
fi
echo "Checking volumes..."
(cd "$here" && printf '%s\\n' "$sums" | $check) || die "a volume is missing or damaged (see above): restore from another backup."

echo "Checking the archive's listing..."
listing=$(volumes | tar $quiet -tv${z}f -) || die "cannot list the archive with tar."
bad=$(printf '%s\\n' "$listing" | awk '
  { t = substr($1, 1, 1) }
  t != "-" && t != "d" && t != "l" && t != "h" { print "a special file (device node, FIFO or socket), which a backup never holds: " $0; exit }
  / link to / { l = $0; sub(/^.* link to /, "", l); if (l ~ /^\\// || l ~ /(^|\\/)\\.\\.(\\/|$)/) { print "a hard link to outside the target folder: " $0; exit } }
')
[ -z "$bad" ] || die "refused, nothing was extracted: the archive holds $bad"
suid=$(printf '%s\\n' "$listing" | awk '{ u = substr($1, 4, 1); g = substr($1, 7, 1) } substr($1, 1, 1) != "d" && (u == "s" || u == "S" || g == "s" || g == "S")')
bad=$(volumes | tar $quiet -t${z}f - | awk '/^\\// || /(^|\\/)\\.\\.(\\/|$)/ { print; exit }') || die "cannot list the archive with tar."
[ -z "$bad" ] || die "refused, nothing was extracted: the entry \\"$bad\\" would land outside the target folder."

if [ -d "$target" ] && [ -n "$(ls -A "$target")" ] && [ "$force" -ne 1 ]; then
  die "$target is not empty. Choose an empty folder, or add --force to overwrite files in it."
fi
mkdir -p "$target"
# GNU tar: owners only with --same-owner, exact modes (the listing was checked), existing folders
# keep theirs, folder modes and times set after their contents. Other tars: the options they know.
# A setuid/setgid file in the archive is created without that bit: tar's --no-same-permissions
# (its only way to drop the bit as it creates the file) under umask 0 keeps every other rwx bit
# exact; folders then lose their setgid/sticky bit too, and the script says so.
perms=--same-permissions
if [ -n "$suid" ]; then
  perms=--no-same-permissions
  umask 0
  echo "Note: these are restored without their setuid/setgid bit (folders lose setgid and sticky bits too; other permissions are exact):"
  printf '  %s\\n' "$suid"
fi
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  safe="$owner $perms --no-overwrite-dir --delay-directory-restore"
elif [ "$perms" = --same-permissions ]; then
  safe="$owner -p"
else
  safe="$owner"
fi
echo "Extracting into $target..."
volumes | tar $quiet -x${z}f - -C "$target" $safe || die "tar could not extract the backup."
# A second line of defence: nothing special and no setuid/setgid file under the target, ever.
find "$target" \\( -type b -o -type c -o -type p -o -type s \\) -exec rm -f {} + 2>/dev/null || true
find "$target" ! -type d \\( -perm -4000 -o -perm -2000 \\) -exec chmod ug-s {} + 2>/dev/null || true
echo "Restored HotBackup ${id} into $target"
`;
}
