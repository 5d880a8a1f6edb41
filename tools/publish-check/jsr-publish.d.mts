/** The `deno` binary of the npm package `deno`. */
export declare const DENO: string
/** Runs `deno publish` with `args` over a temporary workspace of the JSR packages. */
export declare function jsrPublish(args: readonly string[]): { status: number | null; output: string; packages: string[] }
