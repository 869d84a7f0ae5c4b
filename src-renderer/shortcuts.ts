/** Keyboard shortcuts: one table, used both to dispatch keys and to list them in the help overlay. */
export type Action =
  | 'undo'
  | 'redo'
  | 'delete'
  | 'duplicate'
  | 'selectAll'
  | 'fit'
  | 'arrange'
  | 'zoomIn'
  | 'zoomOut'
  | 'help'
  | 'newNetwork'
  | 'open'
  | 'save'
  | 'saveAs'
  | 'export'
  | 'present'
  | 'nextStep'
  | 'previousStep'
  | 'togglePalette'
  | 'togglePanel'
  | 'escape';

interface Shortcut {
  action: Action;
  /** What the help overlay shows; "Mod" is Ctrl, or ⌘ on a Mac. */
  keys: string;
  description: string;
  /** Only in presentation mode, where plain arrows and letters are free to mean "present". */
  presenting?: true;
  matches(event: KeyLike, mod: boolean): boolean;
}

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

const plain = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;

export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: 'open',
    keys: 'Mod+O',
    description: 'Open a model file',
    matches: (e, mod) => mod && !e.shiftKey && e.key.toLowerCase() === 'o',
  },
  {
    action: 'save',
    keys: 'Mod+S',
    description: 'Save',
    matches: (e, mod) => mod && !e.shiftKey && e.key.toLowerCase() === 's',
  },
  {
    action: 'saveAs',
    keys: 'Mod+Shift+S',
    description: 'Save as a new file',
    matches: (e, mod) => mod && e.shiftKey && e.key.toLowerCase() === 's',
  },
  {
    action: 'export',
    keys: 'Mod+E',
    description: 'Export the outputs as CSV',
    matches: (e, mod) => mod && e.key.toLowerCase() === 'e',
  },
  {
    action: 'undo',
    keys: 'Mod+Z',
    description: 'Undo',
    matches: (e, mod) => mod && !e.shiftKey && e.key.toLowerCase() === 'z',
  },
  {
    action: 'redo',
    keys: 'Mod+Shift+Z or Mod+Y',
    description: 'Redo',
    matches: (e, mod) =>
      mod && ((e.shiftKey && e.key.toLowerCase() === 'z') || e.key.toLowerCase() === 'y'),
  },
  {
    action: 'delete',
    keys: 'Delete or Backspace',
    description: 'Delete the selected layers',
    matches: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace'),
  },
  {
    action: 'duplicate',
    keys: 'Mod+D',
    description: 'Duplicate the selected layers',
    matches: (e, mod) => mod && e.key.toLowerCase() === 'd',
  },
  {
    action: 'selectAll',
    keys: 'Mod+A',
    description: 'Select all layers',
    matches: (e, mod) => mod && e.key.toLowerCase() === 'a',
  },
  {
    action: 'fit',
    keys: 'F',
    description: 'Fit the network to the screen',
    matches: (e) => plain(e) && e.key.toLowerCase() === 'f',
  },
  {
    action: 'arrange',
    keys: 'L',
    description: 'Arrange the layers left to right (lay out)',
    matches: (e) => plain(e) && e.key.toLowerCase() === 'l',
  },
  {
    action: 'zoomIn',
    keys: '+',
    description: 'Zoom in',
    matches: (e) => plain(e) && (e.key === '+' || e.key === '='),
  },
  {
    action: 'zoomOut',
    keys: '−',
    description: 'Zoom out',
    matches: (e) => plain(e) && (e.key === '-' || e.key === '_'),
  },
  {
    action: 'newNetwork',
    keys: 'Alt+N',
    description: 'New network',
    matches: (e) => e.altKey && !e.ctrlKey && !e.metaKey && e.key.toLowerCase() === 'n',
  },
  {
    action: 'help',
    keys: '?',
    description: 'Show or hide this list',
    matches: (e) => !e.ctrlKey && !e.metaKey && e.key === '?',
  },
  {
    // F5 starts a slide show in PowerPoint and LibreOffice, and presenter clickers send it
    // (Shift+F5 too); Ctrl+F5 stays the browser's hard reload.
    action: 'present',
    keys: 'F5',
    description: 'Presentation mode: full screen, large type, high contrast',
    matches: (e) => plain(e) && e.key === 'F5',
  },
  {
    // What presenter clickers send for "next": PageDown, or the right arrow.
    action: 'nextStep',
    keys: '→ or Page Down',
    description: 'Next lesson (presentation mode)',
    presenting: true,
    matches: (e) => plain(e) && !e.shiftKey && (e.key === 'ArrowRight' || e.key === 'PageDown'),
  },
  {
    action: 'previousStep',
    keys: '← or Page Up',
    description: 'Previous lesson (presentation mode)',
    presenting: true,
    matches: (e) => plain(e) && !e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'PageUp'),
  },
  {
    action: 'togglePalette',
    keys: 'P',
    description: 'Hide or show the layer palette (presentation mode)',
    presenting: true,
    matches: (e) => plain(e) && e.key.toLowerCase() === 'p',
  },
  {
    action: 'togglePanel',
    keys: 'I',
    description: 'Hide or show the Inspect, Train and Evaluate panel (presentation mode)',
    presenting: true,
    matches: (e) => plain(e) && e.key.toLowerCase() === 'i',
  },
  {
    action: 'escape',
    keys: 'Esc',
    description: 'Clear the selection, close dialogs, leave presentation mode',
    matches: (e) => e.key === 'Escape',
  },
];

/** Scroll the canvas: drag the background, or hold Space and drag. Zoom: the mouse wheel. */
export const MOUSE_HINTS = [
  { keys: 'Drag background, or Space+drag', description: 'Pan' },
  { keys: 'Mouse wheel', description: 'Zoom around the pointer' },
  { keys: 'Shift+click', description: 'Add a layer to the selection' },
  { keys: 'Drag from a port ●', description: 'Connect a layer to the next' },
  { keys: 'Click a weight line', description: 'Type a new weight' },
  { keys: 'Click a neuron', description: 'Show its arithmetic' },
];

/** The action a key stands for; the presentation's keys only while `presenting`. */
export function actionFor(event: KeyLike, isMac: boolean, presenting = false): Action | null {
  const mod = isMac ? event.metaKey : event.ctrlKey;
  return (
    SHORTCUTS.find((s) => (presenting || !s.presenting) && s.matches(event, mod))?.action ?? null
  );
}

/** Typing in a field keeps its own keys (Backspace, Ctrl+Z, arrows...). */
export function isTextEntry(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; isContentEditable?: boolean } | null;
  return Boolean(
    element &&
    (element.tagName === 'INPUT' ||
      element.tagName === 'TEXTAREA' ||
      element.tagName === 'SELECT' ||
      element.isContentEditable),
  );
}
