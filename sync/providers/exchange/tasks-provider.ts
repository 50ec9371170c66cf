// The mailbox's "CRM" To Do list as a sync provider (sync/provider.ts): made when missing, its
// tasks' delta rounds as the change feed (Graph docs, "todoTask: delta"), writes with If-Match.
// Items are tagged with their type (`@odata.type`), so the link's mapping tells them from events.
import type { ChangeSet, ItemVersion, RemoteItem, RemoteProvider } from '../../provider.js';
import { TASK_PROPERTIES, TODO_TYPE } from './task-mapping.js';
import { deltaChangeSet } from './delta-changes.js';
import type { ExchangeTransport, GraphJson } from './transport.js';

export const CRM_LIST = 'CRM';

const versionOf = (e: GraphJson): string | null =>
  typeof e['@odata.etag'] === 'string' ? e['@odata.etag'] : null;

type TodoTransport = Required<
  Pick<
    ExchangeTransport,
    'taskList' | 'tasksDelta' | 'getTask' | 'createTask' | 'updateTask' | 'deleteTask'
  >
>;

/** The transport's To Do part, or null when it has none (then a link carries events only). */
export function todoOf(t: ExchangeTransport): TodoTransport | null {
  const { taskList, tasksDelta, getTask, createTask, updateTask, deleteTask } = t;
  if (!taskList || !tasksDelta || !getTask || !createTask || !updateTask || !deleteTask)
    return null;
  return {
    taskList: taskList.bind(t),
    tasksDelta: tasksDelta.bind(t),
    getTask: getTask.bind(t),
    createTask: createTask.bind(t),
    updateTask: updateTask.bind(t),
    deleteTask: deleteTask.bind(t),
  };
}

const tagged = (e: GraphJson): GraphJson => ({ '@odata.type': TODO_TYPE, ...e });

export class ExchangeTasksProvider implements RemoteProvider {
  private readonly seen = new Map<string, GraphJson>();
  private list: string | null = null;

  constructor(private readonly todo: TodoTransport) {}

  private async listId(): Promise<string> {
    this.list ??= await this.todo.taskList(CRM_LIST);
    return this.list;
  }

  async changes(cursor: string | null): Promise<ChangeSet> {
    const page = await this.todo.tasksDelta(await this.listId(), cursor);
    for (const item of page.items) this.seen.set(String(item['id']), item);
    return deltaChangeSet(page, page.items, versionOf);
  }

  async fetch(ids: readonly string[]): Promise<RemoteItem[]> {
    const out: RemoteItem[] = [];
    for (const id of ids) {
      const e = this.seen.get(id) ?? (await this.todo.getTask(await this.listId(), id));
      this.seen.delete(id);
      if (e) out.push({ id, version: versionOf(e), raw: JSON.stringify(tagged(e)) });
    }
    return out;
  }

  async create(_uid: string, raw: string): Promise<ItemVersion> {
    const body = JSON.parse(raw) as GraphJson;
    delete body['@odata.type'];
    const made = await this.todo.createTask(await this.listId(), body);
    return { id: String(made['id']), version: versionOf(made) };
  }

  async update(id: string, raw: string, ifVersion: string | null): Promise<string | null> {
    const e = JSON.parse(raw) as GraphJson;
    const patch: GraphJson = {};
    for (const key of TASK_PROPERTIES) if (e[key] !== undefined) patch[key] = e[key];
    return versionOf(await this.todo.updateTask(await this.listId(), id, patch, ifVersion));
  }

  async remove(id: string, ifVersion: string | null): Promise<void> {
    await this.todo.deleteTask(await this.listId(), id, ifVersion);
  }
}
