/**
 * The compute budget in the app (src-shared/net/budget.ts): the forward pass and training are
 * checked against it before their work goes to a worker. The app has no machine-wide settings
 * (the Train tab's belong to the model), so the limit is half of the memory the browser reports
 * (`navigator.deviceMemory`, in GiB; Chromium rounds it and caps it at 8), or of an assumed
 * 4 GiB where it reports none.
 */
import type { MemoryLimit } from '../../src-shared/net/budget.ts';

const SHARE = 0.5;
/** GiB taken for a browser that does not say (Firefox, Safari). */
const ASSUMED_GIB = 4;
/** Picture training's replicas at most: the training worker and one helper. */
const MAX_REPLICAS = 2;

interface DeviceNavigator {
  readonly deviceMemory?: number;
  readonly hardwareConcurrency?: number;
}

const device = (): DeviceNavigator | undefined =>
  (globalThis as { navigator?: DeviceNavigator }).navigator;

export function appMemoryLimit(deviceMemory = device()?.deviceMemory): MemoryLimit {
  const reported = deviceMemory !== undefined && deviceMemory > 0;
  const gib = reported ? deviceMemory : ASSUMED_GIB;
  return {
    bytes: Math.floor(gib * 2 ** 30 * SHARE),
    source: reported
      ? `half of this device's ${gib} GiB, as the browser reports it`
      : `half of an assumed ${gib} GiB: the browser does not report its memory`,
  };
}

/** Copies of the network that train pictures: one per core, up to two (engine.worker.ts). */
export function pictureReplicaCount(): number {
  return Math.min(MAX_REPLICAS, Math.max(1, device()?.hardwareConcurrency || 1));
}
