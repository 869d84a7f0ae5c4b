/**
 * What the palette offers, read from the layer registry: every kind in KINDS order, grouped by
 * its role, with the kind's own label and hint. A new kind appears here by being registered.
 */
import type { NodeKind } from '../../src-shared/document/index.ts';
import { KINDS, type LayerKind } from '../../src-shared/layers/index.ts';

type Role = LayerKind<{ type: string }>['role'];

export interface PaletteItem {
  readonly kind: NodeKind;
  readonly label: string;
  readonly hint: string;
}

export interface PaletteGroup {
  readonly role: Role;
  readonly title: string;
  readonly items: readonly PaletteItem[];
}

const TITLES: Record<Role, string> = {
  input: 'Inputs',
  layer: 'Layers',
  activation: 'Activations',
  merge: 'Merge',
};

export function paletteGroups(
  kinds: readonly Pick<LayerKind<{ type: string }>, 'type' | 'label' | 'hint' | 'role'>[] = KINDS,
): PaletteGroup[] {
  const groups = new Map<Role, PaletteItem[]>();
  for (const kind of kinds) {
    const items = groups.get(kind.role) ?? [];
    items.push({ kind: kind.type as NodeKind, label: kind.label, hint: kind.hint });
    groups.set(kind.role, items);
  }
  return [...groups].map(([role, items]) => ({ role, title: TITLES[role], items }));
}
