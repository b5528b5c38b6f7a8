// Every screen is a static page: the app is served from any static host and cached for offline use.
export const prerender = true;
