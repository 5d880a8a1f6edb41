/** The monorepo's root directory. */
export declare const ROOT: string
/** Where the project lives (tools/publish-check/project.json). */
export declare const PROJECT: { readonly repository: string; readonly branch: string; readonly author: string }
/** The URL of a file (`blob`) or folder (`tree`) of the repository on GitHub. */
export declare function repositoryUrl(path: string, kind?: 'blob' | 'tree'): string
/** A package npm receives. */
export interface PublishedPackage {
  readonly name: string
  readonly version: string
  /** Its folder under packages/. */
  readonly folder: string
  /** Its absolute directory. */
  readonly dir: string
  readonly manifest: Readonly<Record<string, unknown>>
  /** Whether it also goes to JSR (it has a jsr.json). */
  readonly jsr: boolean
}
/** Every package under packages/ that is not private. */
export declare function publishedPackages(): PublishedPackage[]
/** The docs page of a package when there is one, else its README on GitHub. */
export declare function homepageOf(folder: string): string
/** The names of the workspace's private packages. */
export declare function privatePackageNames(): string[]
