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
 *
 * `varyLeft` is what {@link startVary} returned when the face's middleware ran: a `Vary` still as
 * corsa left it, or only appended to since, needs no merging.
 */
export function applyActualToStore(verdict: ActualVerdict, store: HeaderStore, varyLeft?: string): void {
  const set = verdict.headers
  let vary: number | string | readonly string[] | undefined
  let names: string[] | undefined
  let owned = false
  for (const name of store.getHeaderNames()) {
    if (name.startsWith(ACCESS_CONTROL_PREFIX)) {
      owned = true
      if (!(name in set)) store.removeHeader(name)
      continue
    }
    if (name === 'vary') vary = store.getHeader(name)
    if (verdict.exposeResponseHeaders && name !== 'set-cookie') (names ??= []).push(name)
  }
  // A header already right is left alone (setHeader checks every byte of a value).
  for (const name in set) if (!owned || store.getHeader(name) !== set[name]) store.setHeader(name, set[name]!)
  if (names) store.setHeader(ACEH, names.join(', '))
  if (!verdict.varyOrigin) return
  // Unchanged since corsa left it, or only appended to (appendHeader makes a list that starts with it).
  if (varyLeft !== undefined && (vary === varyLeft || (Array.isArray(vary) && vary[0] === varyLeft))) return
  const merged = mergeVary(joinedHeader(vary), 'Origin')
  if (merged !== undefined) store.setHeader('vary', merged)
}

/**
 * For a face that applies a verdict just before the head is written, when its middleware runs:
 * `Vary: Origin` on a response that has no `Vary` yet, so that the app's own `appendHeader('vary')`
 * keeps it and {@link applyActualToStore} need not merge. Returns what to pass it as `varyLeft`.
 */
export function startVary(verdict: ActualVerdict, store: HeaderStore): string | undefined {
  if (!verdict.varyOrigin || store.getHeader('vary') !== undefined) return undefined
  store.setHeader('vary', 'Origin')
  return 'Origin'
}
