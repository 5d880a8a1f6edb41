import { ACCESS_CONTROL_PREFIX, ACEH, mergeVary } from './fetch-rules.js'
import type { ActualVerdict } from './policy.js'

/**
 * A response whose headers are read and written one name at a time, as Node's `ServerResponse`
 * (and so express, connect, Koa's `ctx.res`) does it.
 */
export interface HeaderStore {
  getHeaderNames(): string[]
  getHeader(name: string): number | string | readonly string[] | undefined
  setHeader(name: string, value: string): unknown
  removeHeader(name: string): unknown
}

/** A header's value as one string (a repeated header may be an array). */
export function joinedHeader(value: number | string | readonly string[] | undefined): string | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value)
}

/**
 * Applies an actual verdict to a {@link HeaderStore}: corsa's `Access-Control-*` headers are
 * set, any other removed, the response's own names listed for `exposeHeaders: '*'` with
 * credentials, and `Origin` merged into `Vary`. `Set-Cookie` is never read or written.
 */
export function applyActualToStore(verdict: ActualVerdict, store: HeaderStore): void {
  const set = verdict.headers
  let vary: string | undefined
  let names: string[] | undefined
  for (const name of store.getHeaderNames()) {
    if (name.startsWith(ACCESS_CONTROL_PREFIX)) {
      if (!(name in set)) store.removeHeader(name)
      continue
    }
    if (name === 'vary') vary = joinedHeader(store.getHeader(name))
    if (verdict.exposeResponseHeaders && name !== 'set-cookie') (names ??= []).push(name)
  }
  for (const name in set) if (store.getHeader(name) !== set[name]) store.setHeader(name, set[name]!)
  if (names) store.setHeader(ACEH, names.join(', '))
  if (verdict.varyOrigin) {
    const merged = mergeVary(vary, 'Origin')
    if (merged !== undefined) store.setHeader('vary', merged)
  }
}
