/** The console's entry point (esbuild bundles from here; see scripts/build-console.ts). */
import { createRoot } from 'react-dom/client';
import { LangProvider } from './i18n';
import { App } from './shell/App';

createRoot(document.getElementById('root')!).render(
  <LangProvider>
    <App />
  </LangProvider>,
);
