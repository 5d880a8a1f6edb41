// Served by workerd: itty-router v5's AutoRouter and Router, corsa applied as users apply it.
import { AutoRouter, error, Router } from 'itty-router-5'
import { ittyApps, type Itty } from './apps.js'

const itty = { AutoRouter, Router, error } as unknown as Itty
const auto = ittyApps(itty, 'auto')
const router = ittyApps(itty, 'router')

export default {
  fetch(request: Request, env: unknown, ctx: unknown) {
    // /auto/<app>/... and /router/<app>/...: the first segment picks the router kind.
    const url = new URL(request.url)
    const [, kind] = url.pathname.split('/')
    url.pathname = url.pathname.slice(kind!.length + 1)
    return (kind === 'router' ? router : auto)(new Request(url, request), env, ctx)
  },
}
