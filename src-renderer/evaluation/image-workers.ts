/**
 * Two engine workers that run image models as data-parallel replicas, one per core: started on
 * first use. Each holds one network, so one evaluation uses them at a time (training starts its own
 * replicas inside the training worker).
 */
import type { ReplicaClient } from '../../src-shared/train/replica.ts';
import { engineReplica } from '../../src-shared/worker/replica-ops.ts';
import { startEngine } from '../engine/engine.ts';

export const REPLICAS = 2;
let replicas: ReplicaClient[] | null = null;
let user: string | null = null;

/** The replicas for `purpose` ("training"), or a message when another run is using them. */
export function claimReplicas(purpose: string): ReplicaClient[] | string {
  if (user) return `Wait until ${user} ends: it uses the image workers.`;
  user = purpose;
  replicas ??= Array.from({ length: REPLICAS }, () => engineReplica(startEngine()));
  return replicas;
}

export function releaseReplicas(): void {
  user = null;
}
