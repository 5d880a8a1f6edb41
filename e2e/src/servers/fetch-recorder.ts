/** Recording for Fetch-style servers in other runtimes (Bun, Deno): outside corsa, served at `/__log`. */
import type { Recorded } from '../world.ts'

function plain(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of headers) out[name] = name in out ? `${out[name]}, ${value}` : value
  return out
}

export function fetchRecorder() {
  const log: Recorded[] = []
  return {
    /** Records `request`, runs `handle`, records the response it gives. */
    async record(request: Request, handle: () => unknown): Promise<Response> {
      const url = new URL(request.url)
      const entry: Recorded = {
        host: request.headers.get('host') ?? url.host,
        method: request.method,
        url: url.pathname + url.search,
        headers: plain(request.headers),
        status: 0,
        responseHeaders: {},
      }
      log.push(entry)
      const response = (await handle()) as Response
      entry.status = response.status
      entry.responseHeaders = plain(response.headers)
      return response
    },
    /** `GET /__log`: what the server saw, for the runner. */
    logResponse: () => Response.json(log),
  }
}
