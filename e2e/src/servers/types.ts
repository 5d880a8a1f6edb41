import type { Recorded, ServerConfig } from '../world.ts'

/** An API server built with one corsa face, serving every policy under `/<policy>/`. */
export interface ApiServer {
  port: number
  /** Every request it saw so far, in order. */
  requests(): Promise<Recorded[]>
  close(): Promise<void>
}

/** One way of serving corsa: a package and the runtime it runs in. */
export interface Adapter {
  /** Short name used in test names, e.g. `@corsa/node`. */
  name: string
  /** What serves it, e.g. `Node 20.20.2, node:https`. */
  runtime(): string
  start(config: ServerConfig): Promise<ApiServer>
}
