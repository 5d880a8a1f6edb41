/** `pnpm demo`: starts the demo and keeps it running until Ctrl-C. */
import { startDemo } from './demo.js'

const demo = await startDemo({ api: Number(process.env.API_PORT ?? 8787), page: Number(process.env.PAGE_PORT ?? 5173) }).catch(
  (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error
    console.log('Port 8787 or 5173 is taken: using free ports instead.')
    return startDemo()
  },
)
console.log(`
corsa demo
  page (one origin):     ${demo.pageUrl}
  API  (another origin): ${demo.apiUrl}

Open the page in a browser: it makes cross-origin requests to the API and shows, for each,
what the browser let it read and corsa's reason. corsa's decisions are also logged here.
Press Ctrl-C to stop.
`)
const stop = () => void demo.close().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
