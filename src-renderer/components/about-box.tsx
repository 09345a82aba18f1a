import { Button } from 'react-aria-components';
import { signOut } from '../bridge/sign-in.js';
import { useApp } from '../store/store.js';

/** About: who this console is signed in as, and the Director's certificate fingerprint to compare. */
export function AboutBox() {
  const about = useApp((s) => s.about);
  if (!about) return null;
  const who = about.signedInAs;
  return (
    <footer className="about-box" aria-label="About">
      <h2 className="visually-hidden">About</h2>
      <p data-testid="signed-in-as">
        {who.kind === 'account' ? `Signed in as ${who.name} (${who.role})` : `On the Director's own machine (${who.role})`}
        {who.kind === 'account' && (
          <>
            {' · '}
            <Button className="link-button" onPress={() => void signOut()}>
              Sign out
            </Button>
          </>
        )}
      </p>
      <p data-testid="about-fingerprint">
        {about.fingerprint ? (
          <>
            Director {about.url}: certificate SHA-256 <code>{about.fingerprint}</code>
          </>
        ) : (
          'This Director serves this machine only (no network address, no certificate).'
        )}
      </p>
    </footer>
  );
}
