import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { pickBridge } from './bridge/pick-bridge.js';
import { needsSignIn, TOKEN_KEY } from './bridge/sign-in.js';
import { ConnectPage } from './connect-page.js';
import { SignInPage } from './sign-in-page.js';
import { boot } from './store/boot.js';
import { useApp } from './store/store.js';
import './styles.css';
import './theme.css';

const root = createRoot(document.getElementById('root')!);
const serverApi = window.hotbackupDesktop?.server;
if (window.location.hash === '#connect' && serverApi) {
  // The desktop console's "Connect to a HotBackup server" (no Director on this PC in that mode).
  root.render(
    <StrictMode>
      <ConnectPage api={serverApi} />
    </StrictMode>,
  );
} else if (needsSignIn()) {
  const signedIn = (token: string) => {
    sessionStorage.setItem(TOKEN_KEY, token);
    window.location.reload();
  };
  root.render(
    <StrictMode>
      <SignInPage onSignedIn={signedIn} />
    </StrictMode>,
  );
} else {
  if (window.location.protocol === 'https:') {
    // On the network an expired or revoked session shows the sign-in page again.
    useApp.subscribe((s) => {
      if (s.connection === 'wrong-key' || s.connection === 'no-key') {
        sessionStorage.removeItem(TOKEN_KEY);
        window.location.hash = '';
        window.location.reload();
      }
    });
  }
  void boot(pickBridge());
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
