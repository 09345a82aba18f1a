/**
 * A warning (never an error: saving stays allowed) for exclude patterns the newest backup's walk
 * found matching nothing: a typo, a folder renamed or moved, or "/" where a name anywhere was meant.
 */
export function UnmatchedExcludes({ patterns, backupId }: { patterns: readonly string[]; backupId: string | null }) {
  if (!patterns.length) return null;
  return (
    <div className="exclude-warning" role="note" data-testid="exclude-unmatched">
      {patterns.map((g) => (
        <p key={g}>
          Warning: exclude pattern “{g}” matched nothing{backupId ? ` in backup ${backupId}` : ''}, so it leaves nothing out.
        </p>
      ))}
      <p className="muted">
        Check its spelling and case; a pattern with “/” starts at the folder (cache/**), one without matches a name anywhere (*.tmp).
        Every backup checks again (HB.LOG: HB_EXCLUDE_UNMATCHED).
      </p>
    </div>
  );
}
