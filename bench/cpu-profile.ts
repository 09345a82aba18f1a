// The per-phase breakdown of one HotBackup run from its V8 CPU profiles (`node --cpu-prof`: one
// profile per thread, the run's worker and the hashing thread included). Each sample is placed in
// the phase whose time span holds it (profiles and the phase timeline use the same monotonic
// clock, in µs) and counted against the function it was in (self time). zlib's compression runs
// on libuv's thread pool, outside V8: the profiles cannot see it, so each phase also shows the
// process's CPU seconds (every thread) from `process.cpuUsage`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }
export interface TimelinePoint { phase: string; atUs: number; cpuS: number }

export interface PhaseBreakdown {
  phase: string;
  wallS: number;
  /** CPU seconds of the whole process in the phase (all threads, zlib's pool included). */
  cpuS: number;
  /** CPU seconds V8 sampled in JavaScript threads, by where it went (top entries). */
  top: { what: string; s: number }[];
}

/** A function's place in words: node internals by module, the engine by file, natives as they are. */
function label(f: ProfileNode['callFrame']): string {
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  const file = f.url.replace(/^.*\/(src-main|node_modules)\//, '').replace(/^node:/, '').replace(/^file:\/\/.*\//, '');
  return `${name} ${file}${f.url.startsWith('node:') ? '' : `:${f.lineNumber + 1}`}`;
}

const IDLE = new Set(['(idle)', '(root)']);

export function phaseBreakdown(profileDir: string, timeline: TimelinePoint[], topN = 6): PhaseBreakdown[] {
  const spans = timeline.slice(0, -1).map((p, i) => ({ phase: p.phase, from: p.atUs, to: (timeline[i + 1] as TimelinePoint).atUs, cpuS: (timeline[i + 1] as TimelinePoint).cpuS - p.cpuS }));
  const byPhase = new Map<string, Map<string, number>>(spans.map((s) => [s.phase, new Map()]));
  for (const f of readdirSync(profileDir).filter((n) => n.endsWith('.cpuprofile'))) {
    const prof = JSON.parse(readFileSync(join(profileDir, f), 'utf8')) as CpuProfile;
    const labels = new Map(prof.nodes.map((n) => [n.id, label(n.callFrame)]));
    let t = prof.startTime;
    let span = 0;
    for (const [i, id] of prof.samples.entries()) {
      const dt = prof.timeDeltas[i + 1] ?? 0;
      t += prof.timeDeltas[i] ?? 0;
      while (span < spans.length && t >= (spans[span] as { to: number }).to) span++;
      const s = spans[span];
      const what = labels.get(id) ?? '?';
      if (!s || t < s.from || IDLE.has(what)) continue;
      const m = byPhase.get(s.phase) as Map<string, number>;
      m.set(what, (m.get(what) ?? 0) + dt / 1e6);
    }
    span = 0;
  }
  const merged = new Map<string, PhaseBreakdown>();
  for (const s of spans) {
    const b = merged.get(s.phase) ?? { phase: s.phase, wallS: 0, cpuS: 0, top: [] };
    b.wallS += (s.to - s.from) / 1e6;
    b.cpuS += s.cpuS;
    merged.set(s.phase, b);
  }
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return [...merged.values()].map((b) => ({
    phase: b.phase, wallS: r2(b.wallS), cpuS: r2(b.cpuS),
    top: [...(byPhase.get(b.phase) ?? new Map<string, number>()).entries()].sort((x, y) => y[1] - x[1]).slice(0, topN).map(([what, s]) => ({ what, s: r2(s) })),
  }));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const [dir, tl] = process.argv.slice(2) as [string, string];
  const timeline = (JSON.parse(readFileSync(tl, 'utf8')) as { timeline: TimelinePoint[] }).timeline;
  for (const b of phaseBreakdown(dir, timeline, 10)) {
    console.log(`${b.phase}: wall ${b.wallS} s, CPU ${b.cpuS} s`);
    for (const t of b.top) console.log(`    ${t.s.toFixed(2)}  ${t.what}`);
  }
}
