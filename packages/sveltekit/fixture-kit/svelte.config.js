import adapter from '@sveltejs/adapter-node'

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter(),
    // SvelteKit's own origin check answers cross-origin form POSTs with 403 before any hook runs
    // (see docs/sveltekit.md): corsa's `csrf` protects the /csrf area instead, with the CORS allow-list.
    csrf: { trustedOrigins: ['*'] },
  },
}
