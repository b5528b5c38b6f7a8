import { redirect } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { kioskRedirect, tabStorage } from '$lib/kiosk/mode';
import { config } from '$lib/trust';
import type { LayoutLoad } from './$types';

// Every screen is a static page: the app is served from any static host and cached for offline use.
export const prerender = true;

/** A tab in kiosk mode shows the kiosk whatever address it is given, until the exit releases it. */
export const load: LayoutLoad = ({ url }) => {
  if (!browser) return;
  const to = kioskRedirect(url.pathname, tabStorage(), config.kiosk.startInKiosk);
  if (to) redirect(307, to);
};
