/**
 * What the suite needs from a browser engine, whatever drives it: windows with their own cookies
 * and caches, pages on the test origins, one `fetch()` at a time, and the console.
 */
import type { Observation, StepResult } from './run.ts'

/** The engines the suite drives, all from Debian. */
export const ENGINES = ['chromium', 'firefox', 'webkit'] as const
export type EngineName = (typeof ENGINES)[number]

/** Display names, for test names and the docs. */
export const ENGINE_TITLE: Record<EngineName, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' }

/**
 * The two kinds of window the suite opens: `fresh` is the engine's shipped defaults (the
 * third-party cookie policy users get), `persistent` allows third-party cookies.
 */
export type Profile = 'fresh' | 'persistent'

/** The running scenario and the observation its page events go to. */
export interface Sink {
  id: string
  o: Observation
}

/** What the page script gets: one `fetch()` and what to read from its response. */
export interface FetchArgs {
  url: string
  init: RequestInit
  read: string[]
  stream: boolean
  /** What the page does instead of a `fetch()` (see {@link PageAction}). */
  action?: PageAction
}

/**
 * What a page sends besides `fetch()`: an HTML form POST into a hidden iframe (a navigation, with
 * the cookies a navigation carries), `navigator.sendBeacon`, or a top-level navigation GET (which
 * leaves the page: use a page of its own). The page cannot read these answers: the server's
 * recorder says what happened.
 */
export type PageAction = 'fetch' | 'form' | 'beacon' | 'navigate'

/** A window: its own cookies and caches, with pages opened on demand and kept open. */
export interface EngineWindow {
  /**
   * Runs one `fetch()` in a page on `origin` (in its sandboxed iframe when asked), sends the
   * console and DevTools events it causes to `sink`, and returns once the refusal (if any) is logged.
   */
  fetch(origin: string, sandboxed: boolean | undefined, args: FetchArgs, sink: Sink, awaitIssue?: string): Promise<StepResult>
}

/** A launched engine. */
export interface Engine {
  name: EngineName
  /** e.g. `Chromium 156.0.7444.59`. */
  version: string
  /** How the suite drives it, for the docs. */
  driver: string
  /** Whether automation sees its console messages (WebKit's are out of reach of classic WebDriver). */
  consoleVisible: boolean
  /**
   * A window for `key` (one per corsa face, so that cookies from one face's server never reach
   * another's) and `profile`; the same key and profile give the same window.
   */
  window(key: string, profile: Profile): Promise<EngineWindow>
  close(): Promise<void>
}

/** The text of the TypeError each engine's `fetch()` rejects with when CORS refuses a response. */
export const REFUSAL_ERROR: Record<EngineName, string> = {
  chromium: 'TypeError: Failed to fetch',
  firefox: 'TypeError: NetworkError when attempting to fetch resource.',
  webkit: 'TypeError: Load failed',
}

/** The path of the page that holds a sandboxed iframe (opaque origin, `Origin: null`). */
export const pathFor = (sandboxed: boolean | undefined) => (sandboxed ? '/sandboxed' : '/')

/** The script a page runs: one fetch, reported as plain data (a refusal is a TypeError, never a throw here). */
export async function pageFetch(args: FetchArgs): Promise<StepResult> {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  if (args.action === 'form') {
    const frame = document.createElement('iframe')
    frame.name = `form-target-${Math.random().toString(36).slice(2)}`
    frame.style.display = 'none'
    document.body.append(frame)
    // An about:blank iframe may fire its own load event late: let it pass before submitting.
    await pause(50)
    const form = document.createElement('form')
    form.method = 'POST'
    form.action = args.url
    form.target = frame.name
    const field = document.createElement('input')
    field.name = 'amount'
    field.value = String(args.init.body ?? '100')
    form.append(field)
    document.body.append(form)
    await new Promise((resolve) => {
      frame.addEventListener('load', resolve, { once: true })
      setTimeout(resolve, 5_000)
      form.submit()
    })
    form.remove()
    frame.remove()
    return { ok: true, type: 'form', headers: {} }
  }
  if (args.action === 'beacon') {
    const queued = navigator.sendBeacon(args.url, String(args.init.body ?? ''))
    // The page never sees the answer; give the request time to reach the server.
    await pause(400)
    return queued ? { ok: true, type: 'beacon', headers: {} } : { ok: false, headers: {}, error: 'sendBeacon did not queue the request' }
  }
  if (args.action === 'navigate') {
    setTimeout(() => location.assign(args.url), 0)
    return { ok: true, type: 'navigation', headers: {} }
  }
  try {
    const res = await fetch(args.url, args.init)
    const headers: Record<string, string | null> = {}
    for (const name of args.read) headers[name] = res.headers.get(name)
    let body = ''
    let chunkTimes: number[] | undefined
    if (args.stream && res.body) {
      chunkTimes = []
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let start: number | undefined
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        start ??= performance.now()
        chunkTimes.push(Math.round(performance.now() - start))
        body += value
      }
    } else body = await res.text()
    return { ok: true, status: res.status, type: res.type, body, redirected: res.redirected, headers, ...(chunkTimes && { chunkTimes }) }
  } catch (error) {
    return { ok: false, headers: {}, error: String(error) }
  }
}

/** Whether a URL (or a message quoting one) belongs to scenario `id`: its URLs carry `s=<id>`. */
export const tagged = (text: string, id: string) => new RegExp(`[?&]s=${id.replace(/[^\w-]/g, '\\$&')}(?![\\w-])`).test(text)

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `done` every 50 ms for at most `ms`: engines log a refusal (and raise DevTools issues)
 * just after the fetch rejects.
 */
export async function waitFor(done: () => boolean, ms: number): Promise<void> {
  for (let waited = 0; !done() && waited < ms; waited += 50) await sleep(50)
}
