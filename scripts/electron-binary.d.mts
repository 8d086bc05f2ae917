/** The Electron executable's absolute path, or undefined when the binary is not installed. */
export function findElectronBinary(): string | undefined;
