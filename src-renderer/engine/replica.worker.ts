/** A helper engine that the training worker starts as a replica (see engine.worker.ts). */
import { serveHere } from './serve-here.ts';

serveHere();
