/** The servers of the HTTP-level benchmark (see server.ts). */
export const SERVER_KINDS = {
  'node-bare': 'node:http, no CORS',
  'node-limit': 'node:http + limit (hand-written)',
  cors: 'node:http + cors (express)',
  'corsa-node': 'node:http + @corsa/node cors()',
  'hono-node': '@hono/node-server, fetch handler, no CORS',
  'hono-node-corsa': '@hono/node-server, fetch handler + corsa withCors',
} as const
export type ServerKind = keyof typeof SERVER_KINDS
