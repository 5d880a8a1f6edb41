/** A bounded websocket client (the `ws` package) for a server under test on 127.0.0.1. */
import WebSocket from 'ws'

/** Opens a websocket (with an `Origin`, as a browser would), sends `message`, resolves with the first reply; bounded to 10 s. */
export function websocketEcho(url: string, message: string, origin = 'https://app.example.com'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin })
    const timer = setTimeout(() => {
      socket.terminate()
      reject(new Error(`no websocket reply from ${url} within 10 s`))
    }, 10000)
    socket.on('open', () => socket.send(message))
    socket.on('message', (data) => {
      clearTimeout(timer)
      socket.close()
      resolve(String(data))
    })
    socket.on('unexpected-response', (_req, res) => {
      clearTimeout(timer)
      reject(new Error(`websocket upgrade refused with ${res.statusCode}`))
    })
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}
