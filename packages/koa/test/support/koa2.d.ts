/** koa@2 under the alias koa2: the same API as Koa 3 for what these tests use. */
declare module 'koa2' {
  import Koa from 'koa'
  export default Koa
}
