/** Read-only hooks that end-to-end tests use to see inside the canvas. */
interface WeightcraftTestHook {
  canvasTexts(): string[];
}

interface Window {
  __weightcraft?: WeightcraftTestHook;
}
