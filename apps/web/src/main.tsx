/// <reference types="vite/client" />
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { currentLanguage } from './i18n/language';
import { LoadFailed } from './login/LoadFailed';
import { StandaloneLogin } from './login/StandaloneLogin';
import { HOME, storedSession } from './shell/sessionStore';

/**
 * The first download is React and the sign-in screen. The app itself (UI kit, router, server
 * state, every screen) is one dynamic import: a visit with a session starts it at once; a visit
 * without one draws the sign-in card first and loads the app while the user types, so the first
 * screen does not wait for code it does not need.
 */
const loadApp = () => import('./App');

// The page's language is the saved choice from the start (index.html says zh-CN); each switch
// updates it (i18n/language.ts saveLanguage), in the sign-in card and in the app alike.
document.documentElement.lang = currentLanguage();

const root = createRoot(document.getElementById('root')!);

// StrictMode's double rendering and double effects are a development check: the production build
// renders once, so each screen asks the API once.
const render = (node: ReactNode) => root.render(import.meta.env.DEV ? <StrictMode>{node}</StrictMode> : node);

/**
 * Loads the app, and the layout and first screen's code before its first render (a render that
 * suspends on them would draw a spinner first). A failed screen download is left to that screen's
 * own boundary, which reports it with 重试.
 */
async function loadAppFor(path: string) {
  const app = await loadApp();
  await app.preloadSignedIn(path).catch(() => undefined);
  return app;
}

/**
 * Once the sign-in card is drawn and the browser is idle: the app's code, the layout's and the
 * workbench's. At most 2 s later even when it never is idle (a busy machine keeps the page's
 * thread occupied, and signing in would then wait for the whole download).
 */
function warmUp(): void {
  const idle =
    window.requestIdleCallback ??
    ((cb: () => void, _options?: IdleRequestOptions) => window.setTimeout(cb, 1));
  // A failed download here is tried again on signing in, and reported there.
  idle(() => void loadAppFor(HOME).catch(() => undefined), { timeout: 2000 });
}

if (storedSession()) {
  loadAppFor(location.pathname).then(
    ({ App }) => render(<App />),
    () => render(<LoadFailed />),
  );
} else {
  // A link opened without a session (say /tasks/…) is where the user lands after signing in.
  // From /login (or the root) straight to the home every role has, without a redirect's extra render.
  const target =
    location.pathname === '/login' || location.pathname === '/'
      ? HOME
      : location.pathname + location.search + location.hash;
  render(
    <StandaloneLogin
      warmUp={warmUp}
      onSignedIn={async () => {
        // Signed in but the app's code did not arrive: the card says so (in its language) and the
        // next click tries again.
        const { App } = await loadAppFor(target).catch((e: Error) => {
          throw new ApiError(0, 'NETWORK', e.message);
        });
        history.replaceState(null, '', target);
        render(<App />);
      }}
    />,
  );
}
