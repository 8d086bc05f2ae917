/**
 * common/ is compiled with lib ES2023 and no environment types, so neither DOM nor Node globals
 * leak in. WHATWG URL is the one global it relies on: it exists identically in Node, Chromium and
 * Electron's sandboxed preload. Declared narrowly here instead of pulling in a whole lib.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly username: string;
  readonly password: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly href: string;
  readonly origin: string;
}
