import { plainHttp } from './support/apps.js'
import { runSuite } from './support/suite.js'

runSuite('node http (withCors)', plainHttp)
