import { useSyncExternalStore } from 'react';

let query: MediaQueryList | undefined;

/** The one `prefers-reduced-motion` query of the page, made on first use. */
function reducedMotionQuery(): MediaQueryList {
  return (query ??= window.matchMedia('(prefers-reduced-motion: reduce)'));
}

function subscribe(onChange: () => void): () => void {
  const list = reducedMotionQuery();
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

/**
 * Whether the user has asked the system for less motion (the operating system's accessibility
 * setting, `prefers-reduced-motion`), followed live. The app then turns antd's motion off: menus,
 * dropdowns, dialogs and messages appear and go without sliding or fading.
 */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => reducedMotionQuery().matches,
    () => false,
  );
}
