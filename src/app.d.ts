// See https://svelte.dev/docs/kit/types#app.d.ts
// A global script (no top-level import or export): `declare module` below must be ambient
// declarations, which inside a module would be augmentations of modules that do not exist.
declare namespace App {}

declare module 'virtual:trust-config' {
  /** The config as `parseConfig` returned it at build time: validated there, plain data here. */
  const config: import('$lib/core/config').VerifierConfig;
  export default config;
}

declare module 'virtual:demo-samples' {
  /** Samples minted by the demo issuer at build time; empty unless the config has `demo: true`. */
  export type DemoSample = import('../tools/issuer/samples').DemoSample;
  const samples: DemoSample[];
  export default samples;
}
