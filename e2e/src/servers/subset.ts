/**
 * The scenarios that the faces added in issue 17 (itty, Elysia, h3, SvelteKit, Astro) run in every
 * engine, instead of all of them: enough to prove the face in a browser within the suite's time.
 * The engines' behaviour itself is proven by the seven faces that run everything.
 */
export const FACE_PROOF: ReadonlySet<string> = new Set([
  // Simple requests and preflights, allowed and refused.
  'simple-get',
  'simple-get-refused',
  'preflight-put',
  'preflight-refused-origin',
  'preflight-refused-header',
  // The application's own OPTIONS reaches it; a preflight never does.
  'app-options',
  // Credentials: cookies both ways, and a refusal for credentials. The fresh profile's cookie
  // scenario comes first, as for every face: the partitioned cookie it leaves goes with the refused
  // credentialed request, and explain() reads it.
  'cookies-cross-site-fresh',
  'cookies-cross-site-persistent',
  'credentials-not-allowed',
  // Exposed headers.
  'expose-list',
  // Error statuses and a thrown error, redirects (immutable headers), a fetch() passed through, a stream.
  'error-responses',
  'redirect-same-origin',
  'redirect-cross-origin',
  'fetch-pass-through',
  'streaming',
  // Vary: Origin in the browser's cache and in a shared cache.
  'http-cache-vary',
  'shared-cache-vary',
  // Cross-origin protection (csrf): refused writes get 403 before the handler; allowed ones pass.
  'csrf-no-cors-refused',
  'csrf-bypass',
  'csrf-allowed-origin',
  'csrf-form-refused',
])
