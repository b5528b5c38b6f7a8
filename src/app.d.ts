// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {}
}

declare module 'virtual:trust-config' {
  /** The raw config document; `parseConfig` validates it (the build already did once). */
  const config: unknown;
  export default config;
}

export {};
