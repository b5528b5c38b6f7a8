// See https://svelte.dev/docs/kit/types#app.d.ts
// A global script (no top-level import or export): `declare module` below must be ambient
// declarations, which inside a module would be augmentations of modules that do not exist.
declare namespace App {}

declare module 'virtual:trust-config' {
  /** The raw config document; `parseConfig` validates it (the build already did once). */
  const config: unknown;
  export default config;
}

declare module 'virtual:demo-samples' {
  /** Samples minted by the demo issuer at build time; empty unless the config has `demo: true`. */
  export type DemoSample = import('../tools/issuer/samples').DemoSample;
  const samples: DemoSample[];
  export default samples;
}
