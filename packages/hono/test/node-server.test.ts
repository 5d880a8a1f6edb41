import { onNodeServer } from './support/runtimes.js'
import { runSuite } from './support/suite.js'

runSuite(`Hono on @hono/node-server (node ${process.version})`, onNodeServer)
