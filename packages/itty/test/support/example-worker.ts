// docs/itty.md's example, served by workerd as the Worker it is.
export { default } from '../../examples/worker.js'
