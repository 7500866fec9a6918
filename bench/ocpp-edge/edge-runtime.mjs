// The runtime environment production starts the edge with (deploy/ocpp-edge.env: V8 and malloc settings), read the
// same way the platform launcher and compose read it, so the benchmark measures the edge as it is deployed.
import { dist, root } from '../lib/bench-utils.mjs';

const { appRuntimeEnv } = await import(dist('node_modules/@chargeplane/platform-testing/index.js'));

/** `base` plus the edge's runtime settings. */
export const edgeRuntimeEnv = (base) => appRuntimeEnv(root, 'ocpp-edge', base);
