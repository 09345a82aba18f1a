import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { pickBridge } from './bridge/pick-bridge.js';
import { boot } from './store/boot.js';
import './styles.css';

void boot(pickBridge());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
