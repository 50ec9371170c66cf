// Graph's To Do requests for the transport (graph-transport.ts): the mailbox's list by name, made
// when missing (Graph docs, "todoTaskList"), and task reads and writes (Graph docs, "todoTask");
// and the reading of each delta page (Graph docs, "delta query overview"). Errors stay GraphErrors:
// the transport turns them into the engine's kinds.
import type { GraphClient } from '../../../adapters/graph/client.js';
import { GraphError } from '../../../adapters/graph/errors.js';
import type { DeltaPage, GraphJson } from './transport.js';

const UTC = 'outlook.timezone="UTC"';
const PAGE = 'odata.maxpagesize=200';

export interface Collection {
  value?: unknown;
  '@odata.nextLink'?: unknown;
  '@odata.deltaLink'?: unknown;
}

/** One page of a delta round (Graph docs, "delta query overview"), whatever the resource. */
export async function readDeltaPage(client: GraphClient, path: string): Promise<DeltaPage> {
  const res = await client.request<Collection>({
    method: 'GET',
    path,
    prefer: [UTC, PAGE],
  });
  const body = res.body ?? {};
  if (!Array.isArray(body.value))
    throw new GraphError('malformed', 'a delta page without a value array', res.status);
  const items: GraphJson[] = [];
  const removed: string[] = [];
  for (const entry of body.value as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as GraphJson;
    if (typeof e['id'] !== 'string') continue;
    if (e['@removed'] !== undefined) removed.push(e['id']);
    else items.push(e);
  }
  const next = body['@odata.nextLink'];
  const delta = body['@odata.deltaLink'];
  if (typeof next !== 'string' && typeof delta !== 'string')
    throw new GraphError('malformed', 'a delta page with neither nextLink nor deltaLink');
  return {
    items,
    removed,
    nextLink: typeof next === 'string' ? next : null,
    deltaLink: typeof delta === 'string' ? delta : null,
  };
}

export class GraphTodo {
  constructor(private readonly client: GraphClient) {}

  /** The To Do list named `name` (Graph docs, "todoTaskList"), created when missing. */
  async taskList(name: string): Promise<string> {
    const res = await this.client.request<Collection>({
      method: 'GET',
      path: this.client.userPath('/todo/lists'),
    });
    const lists = Array.isArray(res.body?.value) ? (res.body.value as GraphJson[]) : null;
    if (lists === null) throw new GraphError('malformed', 'a list of To Do lists without value');
    const found = lists.find((l) => l['displayName'] === name);
    if (found && typeof found['id'] === 'string') return found['id'];
    const made = await this.client.request<GraphJson>({
      method: 'POST',
      path: this.client.userPath('/todo/lists'),
      body: { displayName: name },
    });
    return String(made.body['id']);
  }

  path(listId: string, rest = ''): string {
    return this.client.userPath(`/todo/lists/${encodeURIComponent(listId)}/tasks${rest}`);
  }

  async get(listId: string, id: string): Promise<GraphJson | null> {
    try {
      return (
        await this.client.request<GraphJson>({
          method: 'GET',
          path: this.path(listId, `/${encodeURIComponent(id)}`),
        })
      ).body;
    } catch (err) {
      if (err instanceof GraphError && err.code === 'not_found') return null;
      throw err;
    }
  }

  async create(listId: string, body: GraphJson): Promise<GraphJson> {
    const res = await this.client.request<GraphJson>({
      method: 'POST',
      path: this.path(listId),
      body,
    });
    return res.body;
  }

  async update(
    listId: string,
    id: string,
    patch: GraphJson,
    ifMatch: string | null,
  ): Promise<GraphJson> {
    const res = await this.client.request<GraphJson>({
      method: 'PATCH',
      path: this.path(listId, `/${encodeURIComponent(id)}`),
      body: patch,
      ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
    });
    return res.body;
  }

  async remove(listId: string, id: string, ifMatch: string | null): Promise<void> {
    try {
      await this.client.request({
        method: 'DELETE',
        path: this.path(listId, `/${encodeURIComponent(id)}`),
        ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
      });
    } catch (err) {
      if (err instanceof GraphError && err.code === 'not_found') return;
      throw err;
    }
  }
}
