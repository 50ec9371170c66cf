// CRM Tasks (the Calendar module's to-dos) ⇄ Microsoft To Do tasks (Graph docs, "todoTask
// resource type"): subject ⇄ title, description ⇄ body, due date ⇄ dueDateTime (a day: To Do keeps
// no time of day), status ⇄ status, priority ⇄ importance. A task the CRM made carries its uid as a
// linkedResource's externalId, so it is known as the CRM's own wherever it is read again.
import { createHash } from 'node:crypto';
import type { CrmRecord, FieldValues } from '../../../store/types.js';
import type { GraphJson } from './transport.js';

export const TODO_TYPE = '#microsoft.graph.todoTask';

export interface TaskFields {
  readonly kind: 'task';
  readonly subject: string;
  readonly description: string | null;
  /** `YYYY-MM-DD` or null. */
  readonly due: string | null;
  readonly status: string;
  readonly priority: string;
}

const STATUS: Record<string, string> = {
  'Not Started': 'notStarted',
  'In Progress': 'inProgress',
  Completed: 'completed',
  'Pending Input': 'waitingOnOthers',
  Deferred: 'deferred',
};
const CRM_STATUS: Record<string, string> = Object.fromEntries(
  Object.entries(STATUS).map(([k, v]) => [v, k]),
);
const IMPORTANCE: Record<string, string> = { High: 'high', Medium: 'normal', Low: 'low' };
const CRM_PRIORITY: Record<string, string> = { high: 'High', normal: 'Medium', low: 'Low' };

const blank = (v: string | null | undefined): string | null =>
  v === undefined || v === null || v.trim() === '' ? null : v;

export function isTodoTask(e: GraphJson): boolean {
  return e['@odata.type'] === TODO_TYPE;
}

export function taskFieldsHash(f: TaskFields): string {
  return createHash('sha256')
    .update(
      JSON.stringify(['task', f.subject, f.description ?? '', f.due ?? '', f.status, f.priority]),
    )
    .digest('hex');
}

/** The synced fields of a CRM task record. */
export function recordTaskFields(record: CrmRecord): TaskFields {
  const v = record.values;
  return {
    kind: 'task',
    subject: v['subject'] ?? '',
    description: blank(v['description']),
    due: blank(v['due_date']),
    status: STATUS[v['taskstatus'] ?? ''] ?? 'notStarted',
    priority: IMPORTANCE[v['taskpriority'] ?? ''] ?? 'normal',
  };
}

/** The synced fields of a To Do task; throws on an unreadable due date. */
export function graphTaskFields(e: GraphJson): TaskFields {
  const body = e['body'] as { content?: unknown } | undefined;
  const due = e['dueDateTime'] as { dateTime?: unknown } | null | undefined;
  let dueDate: string | null = null;
  if (due && typeof due === 'object') {
    const m = /^(\d{4}-\d{2}-\d{2})T/.exec(String(due.dateTime ?? ''));
    if (!m) throw new Error(`"${String(due.dateTime)}" is not a Graph dateTime`);
    dueDate = m[1] ?? null;
  }
  return {
    kind: 'task',
    subject: typeof e['title'] === 'string' ? e['title'] : '',
    description: typeof body?.content === 'string' ? blank(body.content) : null,
    due: dueDate,
    status: typeof e['status'] === 'string' && CRM_STATUS[e['status']] ? e['status'] : 'notStarted',
    priority:
      typeof e['importance'] === 'string' && CRM_PRIORITY[e['importance']]
        ? e['importance']
        : 'normal',
  };
}

/** The CRM values a pulled task writes; `createdMs` dates a task without a due date. */
export function taskValues(f: TaskFields, createdMs: number | null): FieldValues {
  const start = f.due ?? new Date(createdMs ?? Date.now()).toISOString().slice(0, 10);
  return {
    subject: f.subject,
    description: f.description,
    date_start: start,
    due_date: f.due,
    taskstatus: CRM_STATUS[f.status] ?? 'Not Started',
    taskpriority: CRM_PRIORITY[f.priority] ?? 'Medium',
  };
}

/** The todoTask properties of the synced fields (a PATCH body, or part of a create). */
export function taskProperties(f: TaskFields): GraphJson {
  return {
    title: f.subject,
    body: { contentType: 'text', content: f.description ?? '' },
    dueDateTime: f.due === null ? null : { dateTime: `${f.due}T00:00:00.0000000`, timeZone: 'UTC' },
    status: f.status,
    importance: f.priority,
  };
}

export const TASK_PROPERTIES = ['title', 'body', 'dueDateTime', 'status', 'importance'] as const;

/** The uid of a To Do task: the CRM's when it made it (linkedResources), else the task's own id. */
export function taskUid(e: GraphJson): string {
  const links = Array.isArray(e['linkedResources']) ? (e['linkedResources'] as GraphJson[]) : [];
  const ours = links.find(
    (l) => typeof l['externalId'] === 'string' && /^crm-\d+@gateway$/.test(String(l['externalId'])),
  );
  return ours ? String(ours['externalId']) : `todo-${String(e['id'])}`;
}
