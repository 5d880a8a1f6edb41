/**
 * What each contender is measured against: the tables of docs/benchmarks.md and the comparison
 * of two runs (compare.ts) read the same references from here.
 */

/** Each framework's contenders (Fastify, Koa, Lambda), and the hand-written limit they are compared with. */
export const FRAMEWORK_GROUPS: [limit: string, ids: string[]][] = [
  ['fastify-limit', ['fastify-bare', 'fastify-limit', 'fastify-cors', 'fastify-corsa']],
  ['koa-limit', ['koa-bare', 'koa-limit', 'koa-cors', 'koa-corsa']],
  ['lambda-limit', ['lambda-bare', 'lambda-limit', 'lambda-corsa']],
  ['middy-limit', ['middy-bare', 'middy-limit', 'middy-cors', 'middy-corsa']],
]

/**
 * The limit a framework contender is compared with: its group's, else `<framework>-limit` when
 * the run has it (a contender added after this list), else none.
 */
export function frameworkLimit(id: string, ids: readonly string[]): string | undefined {
  const group = FRAMEWORK_GROUPS.find(([, members]) => members.includes(id))
  if (group) return group[0]
  const guess = `${id.split('-')[0]}-limit`
  return ids.includes(guess) ? guess : undefined
}

/** The server without CORS that an HTTP-level server is compared with. */
export const httpBaseline = (kind: string): string => (kind.startsWith('hono') ? 'hono-node' : 'node-bare')

/** The limit a fetch-level contender is compared with: Hono's own hand-written middleware for Hono's, else the core `limit`. */
export function fetchLimit(id: string, ids: readonly string[]): string {
  const own = id.startsWith('hono-ctx-') ? 'hono-ctx-limit' : id.startsWith('hono-') ? 'hono-limit' : 'limit'
  return ids.includes(own) ? own : 'limit'
}
