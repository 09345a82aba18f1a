import { useEffect, useState, type FormEvent } from 'react';
import { Button } from 'react-aria-components';
import { TextField } from './components/text-field.js';
import { fetchFingerprint, signIn } from './bridge/sign-in.js';

/** The web console's sign-in page for people on other PCs (the page came over https://). */
export function SignInPage({ onSignedIn }: { onSignedIn(token: string): void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  useEffect(() => void fetchFingerprint().then(setFingerprint), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const answer = await signIn(name.trim(), password);
    setBusy(false);
    if (answer.ok && answer.token) onSignedIn(answer.token);
    else setError(answer.error ?? 'Sign-in failed.');
  };

  return (
    <main className="sign-in">
      <h1>HotBackup</h1>
      <form className="sign-in-form" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">Sign in to the HotBackup Director</h2>
        <TextField label="Account" name="account" value={name} onChange={setName} />
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input id="sign-in-password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {error && (
          <p role="alert" className="notice error">
            {error}
          </p>
        )}
        <Button type="submit" className="button primary" isDisabled={busy || !name.trim() || !password}>
          Sign in
        </Button>
      </form>
      {fingerprint && (
        <p className="fingerprint" data-testid="fingerprint">
          Server certificate SHA-256: <code>{fingerprint}</code>
          <br />
          Compare it with the fingerprint the server printed when it started (or under About in a console already signed in).
        </p>
      )}
    </main>
  );
}
