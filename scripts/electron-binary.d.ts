/** Electron's own installer, which downloads the binary for this platform into dist/. */
export const electronInstaller: string;
/** The binary's path, or null when it is not installed. */
export function electronBinary(): string | null;
