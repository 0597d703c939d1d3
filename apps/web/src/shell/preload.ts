/**
 * The code of the first signed-in screen: the layout (menu, header) and the workbench every role
 * lands on. Both are loaded lazily, so the login page does not carry them; the login page asks
 * for them once it is drawn, so that signing in does not wait for their download.
 */
export const loadAppLayout = () => import('./AppLayout');
export const loadWorkbench = () => import('../screens/workbench/WorkbenchPage');

export function preloadSignedIn(): void {
  // A failed download here is retried when the screen is shown (and reported there).
  for (const load of [loadAppLayout, loadWorkbench]) load().catch(() => undefined);
}
