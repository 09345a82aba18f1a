import { describe, expect, it } from 'vitest';
import { inactiveStatus } from './status.js';
import { createRequestCore } from './request-core.js';

// The request/response core both WebSocket clients use: what it does with each kind of message.
function core() {
  const problems: string[] = [];
  return { problems, c: createRequestCore({ onBadMessage: (p) => problems.push(p) }) };
}
const sentId = (text: string) => (JSON.parse(text) as { id: number }).id;
const reply = (id: number, result: unknown) => JSON.stringify({ type: 'result', id, result });

describe('request core', () => {
  it('numbers each request and settles it with the answer carrying its id, whatever the order', async () => {
    const { c } = core();
    const a = c.request('status.get', {});
    const b = c.request('run.cancel', { by: 'ann' });
    expect(JSON.parse(a.text)).toEqual({ type: 'invoke', id: 1, name: 'status.get', input: {} });
    expect(sentId(b.text)).toBe(2);
    c.receive(reply(2, { ok: true, value: { cancelled: false, runKey: null, by: 'ann' } }));
    c.receive(reply(1, { ok: true, value: inactiveStatus }));
    expect(await a.answer).toEqual({ ok: true, value: inactiveStatus });
    expect(await b.answer).toEqual({ ok: true, value: { cancelled: false, runKey: null, by: 'ann' } });
  });

  it("hands on the Director's refusal as it came", async () => {
    const { c } = core();
    const a = c.request('status.get', {});
    c.receive(reply(sentId(a.text), { ok: false, error: { code: 'FORBIDDEN', message: 'viewers may not' } }));
    expect(await a.answer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'viewers may not' } });
  });

  it('fails a call whose answer does not follow the contract, naming the request and the field', async () => {
    const { c, problems } = core();
    const a = c.request('status.get', {});
    c.receive(reply(sentId(a.text), { ok: true, value: { ...inactiveStatus, warnings: 'none' } }));
    const r = await a.answer;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INTERNAL');
    expect(r.error.message).toContain("answer to status.get does not follow the contract (warnings:");
    expect(problems).toEqual([]);
  });

  it('fails a call whose reply envelope is malformed, when its id can be read', async () => {
    const { c } = core();
    const a = c.request('status.get', {});
    c.receive(JSON.stringify({ type: 'result', id: sentId(a.text), result: { ok: 'yes' } }));
    const r = await a.answer;
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).toMatch(/does not follow the contract/);
  });

  it('ignores an answer to an id it never sent (the Director answers -1 to a message it could not read)', async () => {
    const { c, problems } = core();
    const a = c.request('status.get', {});
    c.receive(reply(-1, { ok: false, error: { code: 'BAD_INPUT', message: 'Message is not JSON.' } }));
    c.receive(reply(99, { ok: true, value: inactiveStatus }));
    c.receive(reply(sentId(a.text), { ok: true, value: inactiveStatus }));
    expect(await a.answer).toEqual({ ok: true, value: inactiveStatus });
    expect(problems).toEqual([]);
  });

  it('answers each call once: a second reply with the same id is ignored', async () => {
    const { c } = core();
    const a = c.request('status.get', {});
    c.receive(reply(sentId(a.text), { ok: true, value: inactiveStatus }));
    c.receive(reply(sentId(a.text), { ok: false, error: { code: 'INTERNAL', message: 'late' } }));
    expect(await a.answer).toEqual({ ok: true, value: inactiveStatus });
  });

  it('reports a message that is not JSON or not a message, and keeps working', async () => {
    const { c, problems } = core();
    c.receive('<html>');
    c.receive(JSON.stringify({ type: 'hello' }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^The Director sent a message that is not JSON: <html>/);
    expect(problems[1]).toMatch(/does not follow the contract/);
    const a = c.request('status.get', {});
    c.receive(reply(sentId(a.text), { ok: true, value: inactiveStatus }));
    expect((await a.answer).ok).toBe(true);
  });

  it('fails the calls waiting when a message that could be their answer cannot be read (they waited forever)', async () => {
    const { c, problems } = core();
    const a = c.request('status.get', {});
    const b = c.request('status.get', {});
    c.receive('<html>Proxy error</html>');
    for (const r of [await a.answer, await b.answer]) {
      expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      if (!r.ok) expect(r.error.message).toMatch(/^The Director sent a message that is not JSON: <html>Proxy error/);
    }
    const d = c.request('status.get', {});
    c.receive(JSON.stringify({ type: 'result', id: 'one', result: { ok: true, value: inactiveStatus } }));
    expect(await d.answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(problems).toEqual([]);
  });

  it('a malformed event fails no call', async () => {
    const { c, problems } = core();
    const a = c.request('status.get', {});
    c.receive(JSON.stringify({ type: 'event', name: 42 }));
    expect(problems).toHaveLength(1);
    c.receive(reply(sentId(a.text), { ok: true, value: inactiveStatus }));
    expect(await a.answer).toEqual({ ok: true, value: inactiveStatus });
  });

  it('delivers events to their listeners; a malformed payload is reported, not delivered; an unknown event is ignored', () => {
    const { c, problems } = core();
    const got: unknown[] = [];
    const off = c.on('vault.changed', (p) => got.push(p));
    c.receive(JSON.stringify({ type: 'event', name: 'vault.changed', payload: { reason: 'run', ids: ['a'] } }));
    c.receive(JSON.stringify({ type: 'event', name: 'vault.changed', payload: { reason: 'run' } }));
    c.receive(JSON.stringify({ type: 'event', name: 'from.a.newer.director', payload: 1 }));
    off();
    c.receive(JSON.stringify({ type: 'event', name: 'vault.changed', payload: { reason: 'late', ids: [] } }));
    expect(got).toEqual([{ reason: 'run', ids: ['a'] }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('vault.changed event does not follow the contract (ids:');
  });

  it('fails every waiting call with NO_DIRECTOR when the link drops; a later reply changes nothing', async () => {
    const { c } = core();
    const a = c.request('status.get', {});
    const b = c.request('vault.list', {});
    c.failAll('The connection to the Director was lost.');
    c.receive(reply(sentId(a.text), { ok: true, value: inactiveStatus }));
    const lost = { ok: false, error: { code: 'NO_DIRECTOR', message: 'The connection to the Director was lost.' } };
    expect(await a.answer).toEqual(lost);
    expect(await b.answer).toEqual(lost);
  });
});
