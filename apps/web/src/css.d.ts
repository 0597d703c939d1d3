/** Stylesheets imported for their side effect (Vite bundles them as CSS assets). */
declare module '*.css';
