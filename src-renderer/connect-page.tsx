import { useEffect, useState, type FormEvent } from 'react';
import { Button } from 'react-aria-components';
import type { DesktopServerApi } from '../shared/desktop-server.js';
import { TextField } from './components/text-field.js';

type Step = { kind: 'address' } | { kind: 'confirm'; url: string; server: string; fingerprint: string } | { kind: 'sign-in'; url: string; server: string; fingerprint: string } | { kind: 'done'; role: string };

/** The desktop console's "Connect to a HotBackup server": address, certificate to confirm, sign-in. */
export function ConnectPage({ api }: { api: DesktopServerApi }) {
  const [step, setStep] = useState<Step>({ kind: 'address' });
  const [address, setAddress] = useState('');
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api.remembered().then((r) => {
      if (!r.ok || !r.value) return;
      const { url, account: name, fingerprint } = r.value;
      setAddress(url);
      setAccount(name);
      setStep({ kind: 'sign-in', url, server: new URL(url).host, fingerprint });
    });
  }, [api]);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    await fn();
    setBusy(false);
  };
  const probe = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api.probe(address);
      if (r.ok) setStep({ kind: 'confirm', ...r.value });
      else setError(r.error);
    });
  };
  const signIn = (e: FormEvent) => {
    e.preventDefault();
    if (step.kind !== 'sign-in') return;
    void run(async () => {
      const r = await api.connect(step.url, account.trim(), password);
      if (r.ok) setStep({ kind: 'done', role: r.value.role });
      else setError(r.error);
    });
  };

  return (
    <main className="sign-in">
      <h1>HotBackup</h1>
      <section className="sign-in-form" aria-labelledby="connect-heading">
        <h2 id="connect-heading">Connect to a HotBackup server</h2>
        {step.kind === 'address' && (
          <form onSubmit={probe}>
            <TextField label="Server address" name="server" value={address} onChange={setAddress} description="As the administrator gave it, e.g. office-server:8765" />
            <Button type="submit" className="button primary" isDisabled={busy || !address.trim()}>
              Next
            </Button>
          </form>
        )}
        {step.kind === 'confirm' && (
          <div>
            <p>
              {step.server} presents a certificate with the SHA-256 fingerprint
              <br />
              <code data-testid="connect-fingerprint">{step.fingerprint}</code>
            </p>
            <p>Compare it with the fingerprint the server printed when it started (About in its console). Trust it only if they are the same.</p>
            <div className="button-row">
              <Button className="button primary" onPress={() => setStep({ ...step, kind: 'sign-in' })}>
                Trust this server
              </Button>
              <Button className="button" onPress={() => setStep({ kind: 'address' })}>
                Back
              </Button>
            </div>
          </div>
        )}
        {step.kind === 'sign-in' && (
          <form onSubmit={signIn}>
            <p>
              {step.server} · certificate <code>{step.fingerprint}</code>
            </p>
            <TextField label="Account" name="account" value={account} onChange={setAccount} />
            <div className="field">
              <label htmlFor="connect-password">Password</label>
              <input id="connect-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
            <Button type="submit" className="button primary" isDisabled={busy || !account.trim() || !password}>
              Sign in
            </Button>
          </form>
        )}
        {step.kind === 'done' && <p role="status">Connected as {step.role}. Opening the server&apos;s console…</p>}
        {error && (
          <p role="alert" className="notice error">
            {error}
          </p>
        )}
      </section>
    </main>
  );
}
