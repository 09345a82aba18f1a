import type { EngineSettings } from '../../../shared/settings.js';

/**
 * RESTORE.ps1: the same as RESTORE.sh with Windows' own tools (Get-FileHash, tar.exe).
 * Volumes are fed to tar's stdin as raw bytes: PowerShell 5.1 pipes would re-encode them as text.
 */
export function restorePs1Script(id: string, compression: EngineSettings['compression']): string {
  const z = compression === 'gzip' ? 'z' : '';
  return `# HotBackup ${id}: restore this backup into a folder.
#   powershell -ExecutionPolicy Bypass -File RESTORE.ps1 -Target C:\\Restore [-Force]
# Checks the SHA-256 of every volume first, then extracts them in order with tar.exe.
param(
  [Parameter(Mandatory = $true)][string]$Target,
  [switch]$Force
)
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$manifestPath = Join-Path $here 'MANIFEST.json'
if (-not (Test-Path -LiteralPath $manifestPath)) { Write-Error "MANIFEST.json is missing in $here: copy the whole backup folder."; exit 1 }
$manifest = Get-Content -Raw -LiteralPath $manifestPath | ConvertFrom-Json

Write-Host 'Checking volumes...'
foreach ($v in $manifest.volumes) {
  # Only this folder's own volumes: a name like ..\\x in a changed MANIFEST.json is refused.
  if ($v.name -notmatch '^BACKUP\\.[0-9]{3,}$') { Write-Error "MANIFEST.json names a volume '$($v.name)' that is not BACKUP.NNN: the backup folder was changed; restore from another backup."; exit 1 }
  $file = Join-Path $here $v.name
  if (-not (Test-Path -LiteralPath $file)) { Write-Error "$($v.name) is missing: restore from another backup."; exit 1 }
  $hash = (Get-FileHash -Algorithm SHA256 -LiteralPath $file).Hash.ToLowerInvariant()
  if ($hash -ne $v.sha256) { Write-Error "$($v.name) is damaged (SHA-256 mismatch): restore from another backup."; exit 1 }
  Write-Host "$($v.name): OK"
}

if (Test-Path -LiteralPath $Target) {
  if ((Get-ChildItem -Force -LiteralPath $Target | Measure-Object).Count -gt 0 -and -not $Force) {
    Write-Error "$Target is not empty. Choose an empty folder, or add -Force to overwrite files in it."; exit 1
  }
} else {
  New-Item -ItemType Directory -Path $Target | Out-Null
}
$dest = (Resolve-Path -LiteralPath $Target).Path
$tar = Join-Path $env:SystemRoot 'System32\\tar.exe'
if (-not (Test-Path -LiteralPath $tar)) { $tar = 'tar' }

Write-Host "Extracting into $dest..."
$psi = New-Object System.Diagnostics.ProcessStartInfo
$psi.FileName = $tar
$psi.Arguments = '-x${z}f - -C "' + $dest + '"'
$psi.UseShellExecute = $false
$psi.RedirectStandardInput = $true
$proc = [System.Diagnostics.Process]::Start($psi)
$buffer = New-Object byte[] 1048576
try {
  foreach ($v in $manifest.volumes) {
    $in = [System.IO.File]::OpenRead((Join-Path $here $v.name))
    try {
      while (($n = $in.Read($buffer, 0, $buffer.Length)) -gt 0) { $proc.StandardInput.BaseStream.Write($buffer, 0, $n) }
    } finally { $in.Dispose() }
  }
} finally { $proc.StandardInput.Close() }
$proc.WaitForExit()
if ($proc.ExitCode -ne 0) { Write-Error "tar.exe could not extract the backup (exit $($proc.ExitCode))."; exit 1 }
Write-Host "Restored HotBackup ${id} into $dest"
`;
}
