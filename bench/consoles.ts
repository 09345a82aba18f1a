// npm run bench:consoles — 50 consoles connected to one Director over TLS: how long a run's
// progress events take to reach every one (p50/p99/max), against 1 console measured in the same
// run as the baseline. Target: p99 within 200 ms with 50. A benchmark, never a timed test.
import { fork } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AccountStore } from '../src-main/director/accounts/account-store.js';
import { createDirector } from '../src-main/director/director.js';
import { silentLogger } from '../src-main/base/logger.js';
import { runBackup } from '../src-main/engine/worker/run-in-worker.js';
import { startService } from '../src-main/hosts/service/service.js';
import { fetchPeerCertificate } from '../src-main/hosts/client/peer-certificate.js';
import { bundleWorker } from './bundle-worker.js';
import { makeDataSet } from './make-data.js';
import { percentile } from './measure.js';

const sizeMb = Number(process.env.BENCH_SIZE_MB ?? 256);
const many = Number(process.env.BENCH_CONSOLES ?? 50);
const here = dirname(new URL(import.meta.url).pathname);
const root = join(here, 'data');
const now = () => performance.timeOrigin + performance.now();

interface Figures { consoles: number; events: number; deliveries: number; missing: number; p50: number; p99: number; max: number }

async function measure(consoles: number, data: string, workerEntry: string): Promise<Figures> {
  const run = join(root, `consoles-${consoles}`);
  rmSync(run, { recursive: true, force: true });
  mkdirSync(run, { recursive: true });
  const director = await createDirector({
    configDir: join(run, 'config'),
    logger: silentLogger,
    home: run,
    schedule: false,
    runBackup: (o) => runBackup({ ...o, workerEntry }),
  });
  await director.services.settings.update({ folder: { path: join(run, 'HotBackup') }, dataDirectories: [{ path: data, label: '', exclude: [] }] });
  await new AccountStore(join(run, 'config'), undefined, { N: 1024, r: 8, p: 1 }).add('bench', 'operator', 'bench password');
  const service = await startService({ director, host: '0.0.0.0', port: 0, rendererDir: join(run, 'none') });
  const signedIn = await service.auth.signIn('bench', 'bench password', 'bench');
  const pin = await fetchPeerCertificate('127.0.0.1', service.port);

  // When each status.changed left the Director (keyed by its payload, as every console receives it).
  const sent = new Map<string, number>();
  director.hub.subscribe((event, payload) => {
    if (event === 'status.changed') sent.set(JSON.stringify(payload), now());
  });
  const latencies: number[] = [];
  const reached = new Map<string, number>();
  const child = fork(join(here, 'console-clients.ts'), [JSON.stringify({ url: `wss://127.0.0.1:${service.port}/api`, count: consoles, bearer: signedIn!.token, pin })], {
    execArgv: ['--import', 'tsx'],
  });
  await new Promise<void>((resolve) =>
    child.on('message', (m: { type: string; rows?: [number, string, number][] }) => {
      if (m.type === 'ready') resolve();
      for (const [, key, at] of m.rows ?? []) {
        const from = sent.get(key);
        if (from === undefined) continue; // the state at connection time, not a run's event
        latencies.push(at - from);
        reached.set(key, (reached.get(key) ?? 0) + 1);
      }
    }),
  );
  const started = await director.invoke('backup.start', { wait: true }, director.openSession({ identity: { kind: 'local', name: 'bench', role: 'admin' }, send: () => undefined }));
  if (!started.ok || (started.value as { outcome: { result: string } }).outcome.result !== 'Succeeded') throw new Error(`the bench run failed: ${JSON.stringify(started)}`);
  await new Promise((r) => setTimeout(r, 1000)); // the last batch from the consoles
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
  await service.close();
  await director.close();
  const events = sent.size;
  return {
    consoles,
    events,
    deliveries: latencies.length,
    missing: events * consoles - latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
}

async function main(): Promise<void> {
  mkdirSync(root, { recursive: true });
  console.log(`Preparing a ${sizeMb} MB data set in ${root} ...`);
  const set = makeDataSet(root, sizeMb);
  const workerEntry = await bundleWorker(root);
  const baseline = await measure(1, set.dir, workerEntry);
  const loaded = await measure(many, set.dir, workerEntry);
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log('\nconsoles  events  deliveries  missing  p50        p99        max');
  for (const f of [baseline, loaded]) {
    console.log(`${String(f.consoles).padEnd(9)} ${String(f.events).padEnd(7)} ${String(f.deliveries).padEnd(11)} ${String(f.missing).padEnd(8)} ${ms(f.p50).padEnd(10)} ${ms(f.p99).padEnd(10)} ${ms(f.max)}`);
  }
  console.log(`\np99 with ${many} consoles: ${ms(loaded.p99)} = ${(loaded.p99 / baseline.p99).toFixed(2)}x the p99 with one console; target 200 ms: ${loaded.p99 <= 200 ? 'met' : 'NOT met'}`);
}

await main();
