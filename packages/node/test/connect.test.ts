import { connectApp } from './support/apps.js'
import { runSuite } from './support/suite.js'

runSuite('connect', connectApp)
