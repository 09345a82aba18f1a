// Child process of bench/consoles.ts: N consoles (WebSocket clients over TLS, signed in) that
// report when each status.changed event reached each of them. Kept out of the Director's process
// so the consoles do not share its event loop.
import { connectWs } from '../src-main/hosts/client/ws-client.js';

interface Args {
  url: string;
  count: number;
  bearer: string;
  pin: { fingerprint: string; cert: string };
}

const args = JSON.parse(process.argv[2]!) as Args;
const now = () => performance.timeOrigin + performance.now();
const clients = await Promise.all(Array.from({ length: args.count }, () => connectWs(args.url, { bearer: args.bearer, pin: args.pin })));
let batch: [number, string, number][] = [];
clients.forEach((c, i) =>
  c.on('status.changed', (p) => {
    batch.push([i, JSON.stringify(p), now()]);
  }),
);
setInterval(() => {
  if (batch.length) process.send!({ type: 'received', rows: batch });
  batch = [];
}, 200);
process.send!({ type: 'ready' });
process.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  if (batch.length) process.send!({ type: 'received', rows: batch });
  for (const c of clients) c.close();
  process.exit(0);
});
