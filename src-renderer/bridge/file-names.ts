/** Names the save dialogs suggest and downloads get. */
import { MODEL_EXTENSION, MODEL_EXTENSIONS } from '../../src-shared/bridge.ts';

const DEFAULT_STEM = 'network';

/**
 * A name safe on every desktop file system: no folders, no characters Windows refuses, no
 * leading or trailing dots or spaces. Empty when nothing is left.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what goes
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_');
  return cleaned.replace(/^[\s.]+|[\s.]+$/g, '');
}

/** "network", "network.json", "network.wcmodel" → "network.wcmodel"; nothing → "network.wcmodel". */
export function modelFileName(suggested: string): string {
  const safe = safeFileName(suggested);
  const extensions = MODEL_EXTENSIONS.join('|');
  const stem = safe.replace(new RegExp(`\\.(${extensions})$`, 'i'), '').replace(/[\s.]+$/, '');
  return `${stem || DEFAULT_STEM}.${MODEL_EXTENSION}`;
}

/** An export's name as given, made safe; "export" when nothing is left. */
export function exportFileName(suggested: string): string {
  return safeFileName(suggested) || 'export';
}

/** ".csv" for "outputs.csv"; none for a name without one. */
export function extensionOf(name: string): string | null {
  const match = /\.[A-Za-z0-9]{1,16}$/.exec(name);
  return match ? match[0].toLowerCase() : null;
}
