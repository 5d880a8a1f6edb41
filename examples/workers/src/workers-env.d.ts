// The few Workers runtime globals the example uses (instead of all of @cloudflare/workers-types,
// which would clash with the DOM types of the rest of the monorepo).
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException(): void
}
declare class WebSocketPair {
  0: WorkerWebSocket
  1: WorkerWebSocket
}
interface WorkerWebSocket extends WebSocket {
  accept(): void
}
interface ResponseInit {
  webSocket?: WebSocket | null
}
declare const scheduler: { wait(ms: number): Promise<void> }
