// Timers exist in every host the core runs in (Web Worker, Node, Electron), though not in the ES lib.
declare function setTimeout(callback: () => void, ms?: number): unknown;
