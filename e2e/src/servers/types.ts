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
  /**
   * The scenario ids (of `scenarios.ts` and `scenarios-csrf.ts`) this face runs, when it runs a
   * subset to keep the suite's time (see e2e/README.md); every scenario when absent.
   */
  scenarios?: ReadonlySet<string>
}

/** Whether `adapter` runs the scenario `id`. */
export const runs = (adapter: Adapter, id: string): boolean => adapter.scenarios?.has(id) ?? true
