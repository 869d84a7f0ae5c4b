import type { Bridge } from '../../src-shared/bridge.ts';

declare global {
  interface Window {
    /** The desktop shell's bridge, exposed by its preload; absent in the web build. */
    weightcraft?: Bridge;
  }
}

export {};
