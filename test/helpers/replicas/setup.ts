// One cluster per test file (test/helpers/replicas/cluster.ts), or a logged skip without the
// peers (a failure under CI=true, as every peer test: test/helpers/peers.ts).
import type { ExecutionContext } from 'ava';
import { requirePeer } from '../peers.js';
import {
  clusterPeersAvailable,
  startCluster,
  type Cluster,
  type ClusterOptions,
} from './cluster.js';

export async function clusterFor<Context>(
  t: ExecutionContext<Context>,
  options: ClusterOptions & { readonly keep?: boolean } = {},
): Promise<Cluster | null> {
  if (!requirePeer('haproxy', clusterPeersAvailable(), t)) return null;
  const cluster = await startCluster(options);
  if (!requirePeer('postgresql', cluster !== null, t) || !cluster) return null;
  // keep: the caller disposes of it (a cluster shared by the tests of one file).
  if (!options.keep) t.teardown(() => cluster.dispose());
  return cluster;
}
