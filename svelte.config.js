import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';

// SvelteKit's route announcer (its generated root.svelte) hides itself with this inline style
// attribute. 'unsafe-hashes' plus its hash allows exactly that attribute and no other inline style.
const ANNOUNCER_STYLE =
  'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
const ANNOUNCER_STYLE_HASH = `sha256-${createHash('sha256').update(ANNOUNCER_STYLE).digest('base64')}`;

// A second build beside the main one (the e2e tests build one with a kiosk config): BUILD_DIR=dir
// writes the app to dir and SvelteKit's working files to dir.svelte-kit, leaving build/ and
// .svelte-kit/output (which `vite preview` serves) as they were.
const BUILD_DIR = process.env.BUILD_DIR ?? 'build';
const KIT_DIR = process.env.BUILD_DIR ? `${process.env.BUILD_DIR}.svelte-kit` : '.svelte-kit';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: BUILD_DIR, assets: BUILD_DIR, fallback: undefined, precompress: false, strict: true }),
    outDir: KIT_DIR,
    // Registered by hand with workbox-window so the app can offer "update available".
    serviceWorker: { register: false },
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-hashes', ANNOUNCER_STYLE_HASH],
        'img-src': ['self', 'blob:', 'data:'],
        'media-src': ['self', 'blob:'],
        'worker-src': ['self', 'blob:'],
        'connect-src': ['self'],
        'font-src': ['self'],
        'manifest-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self']
      }
    }
  }
};
