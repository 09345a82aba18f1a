// Signing in to a Director on the network (the page came over https://). The session token is
// kept in sessionStorage like the local access key, so it ends with the browser tab.

export const TOKEN_KEY = 'hotbackup.token';

export interface SignInAnswer {
  ok: boolean;
  token?: string;
  error?: string;
}

/** A network page with no access key or session yet: show the sign-in page first. */
export function needsSignIn(loc: Pick<Location, 'protocol' | 'hash'> = window.location, storage: Pick<Storage, 'getItem'> = sessionStorage): boolean {
  const inHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  return loc.protocol === 'https:' && !inHash && !storage.getItem(TOKEN_KEY);
}

export async function signIn(name: string, password: string): Promise<SignInAnswer> {
  try {
    const res = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, password }), cache: 'no-store' });
    const body = (await res.json()) as { token?: string; error?: string };
    return res.ok && body.token ? { ok: true, token: body.token } : { ok: false, error: body.error ?? `The Director answered HTTP ${res.status}.` };
  } catch {
    return { ok: false, error: 'The HotBackup Director cannot be reached. Check the address and that it is running, then try again.' };
  }
}

/** The certificate's fingerprint, shown on the sign-in page to compare with the server's. */
export async function fetchFingerprint(): Promise<string | null> {
  try {
    const res = await fetch('/api/about', { cache: 'no-store' });
    return ((await res.json()) as { fingerprint: string | null }).fingerprint;
  } catch {
    return null;
  }
}

/** End the session on the Director and show the sign-in page again. */
export async function signOut(): Promise<void> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  sessionStorage.removeItem(TOKEN_KEY);
  if (token) await fetch('/api/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
  window.location.hash = '';
  window.location.reload();
}
