import type { Result } from '../../shared/result.js';
import type { OffsiteCheckResult, OffsiteTestResult } from '../../shared/offsite.js';
import type { Notice } from '../components/notice.js';

/** The answer of "Test connection" in words: what was tried and what came of it. */
export function testWords(r: Result<OffsiteTestResult>): Notice {
  if (!r.ok) return { kind: 'error', text: `The test could not run: ${r.error.message}` };
  return { kind: r.value.ok ? 'ok' : 'error', text: r.value.ok ? `Connection works. ${r.value.message}` : `Connection failed: ${r.value.message}` };
}

/** The answer of "Check" (the newest complete copy on a target against its OFFSITE.json) in words. */
export function checkWords(r: Result<OffsiteCheckResult>): Notice {
  if (!r.ok) return { kind: 'error', text: `The check could not run: ${r.error.message}` };
  const c = r.value;
  if (c.ok) return { kind: 'ok', text: `The copy of ${c.backupId} on "${c.label}" matches its OFFSITE.json: ${c.files.length} files checked by size and hash.` };
  return { kind: 'error', text: `The copy of ${c.backupId} on "${c.label}" failed the check: ${c.problems.join(' ')}` };
}

export function TestResult({ result }: { result: Notice }) {
  if (!result) return null;
  return (
    <p role={result.kind === 'error' ? 'alert' : 'status'} className={`notice ${result.kind}`} data-testid="offsite-test-result">
      {result.text}
    </p>
  );
}
