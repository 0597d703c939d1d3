import { createElement, lazy, useState, type ComponentType } from 'react';

/** A component whose code is a chunk of its own, loaded on first use or ahead of it with `preload`. */
export type Screen = ComponentType & { preload: () => Promise<void> };

/**
 * A screen whose code is downloaded when it is first shown (its own chunk in the build), so the
 * first page loads the shell and that one screen, not all of them. Unlike a bare `React.lazy`, a
 * screen whose code was loaded ahead (`preload`) is drawn at once: `lazy` suspends on its first
 * render even when the module is there, and React holds a revealed boundary back for up to 300 ms.
 */
export function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): Screen {
  let loaded: ComponentType | undefined;
  const take = async () => {
    loaded = (await load())[name];
    return loaded;
  };
  const Lazy = lazy(async () => ({ default: await take() }));
  function LazyScreen() {
    // Chosen once per mount: switching between the two later would remount the screen.
    const [Component] = useState<ComponentType>(() => loaded ?? Lazy);
    return createElement(Component);
  }
  return Object.assign(LazyScreen, { preload: () => take().then(() => undefined) });
}

/**
 * The first signed-in screen: the layout (menu, header) and the workbench every role lands on.
 * The sign-in screen does not carry them; main.tsx preloads them once the sign-in card is drawn,
 * so that signing in waits neither for their download nor for a suspended first render.
 */
export const AppLayout = screen(() => import('./AppLayout'), 'AppLayout');
export const WorkbenchPage = screen(() => import('../screens/workbench/WorkbenchPage'), 'WorkbenchPage');

/** The layout, and the workbench when `path` leads there (the root and /login do). */
export function preloadSignedIn(path: string): Promise<void> {
  const home = ['/', '/login', '/workbench'].includes(path);
  return Promise.all([AppLayout.preload(), home && WorkbenchPage.preload()]).then(() => undefined);
}
