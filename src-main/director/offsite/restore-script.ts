// RESTORE.sh of an encrypted offsite copy: standard tools only (age, cat, GNU tar).


export function encryptedRestoreScript(backupId: string, parts: readonly string[], gzip: boolean): string {
  const files = parts.map((p) => `"$here/${p}"`).join(' \\\n    ');
  return `#!/bin/sh
# Restore HotBackup ${backupId} from this offsite copy, on any machine, with standard tools:
#   age (https://age-encryption.org, Debian package "age") and GNU tar.
# Usage: sh RESTORE.sh KEY-FILE [FOLDER]
#   KEY-FILE  the age identity (the recovery key: a line AGE-SECRET-KEY-1...)
#   FOLDER    where the files go (made if missing; default: ./restored-${backupId})
# The same by hand, in this folder:
#   cat BACKUP.age.0* | age -d -i key.txt | tar -x${gzip ? 'z' : ''}f -
# MANIFEST.json.age, HB.LOG.age and PLAN.age decrypt the same way: age -d -i key.txt -o MANIFEST.json MANIFEST.json.age
set -eu
key="\${1:?give the age key file (the recovery key, AGE-SECRET-KEY-1...) as the first argument}"
to="\${2:-./restored-${backupId}}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$to"
cat ${files} \\
  | age -d -i "$key" | tar -x${gzip ? 'z' : ''}f - -C "$to"
echo "HotBackup ${backupId} restored into $to (MANIFEST.json lists every file with its SHA-256)"
`;
}

