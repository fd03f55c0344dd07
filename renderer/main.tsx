// Must stay the first import: see zod-config.ts.
import './zod-config';
// The base (tokens, element styles, app layout) before any feature's own stylesheet.
import './styles/theme.css';
import './styles/layout.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createBridgeClient, readWindowBridge } from './bridge';
import { i18n } from './i18n';
import { createAppStore } from './store/create-store';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const bridge = readWindowBridge();
if (bridge) {
  const client = createBridgeClient(bridge);
  createRoot(root).render(
    <StrictMode>
      <App client={client} store={createAppStore(client)} />
    </StrictMode>,
  );
} else {
  // Opened in a plain browser (no preload): nothing can work, so say why instead of crashing.
  root.textContent = i18n.t('components:app.noBridge');
  root.className = 'no-bridge';
}
