// What the Exchange provider needs from a transport, whatever it speaks: Microsoft Graph now
// (graph-transport.ts), EWS for Exchange Server later. Items travel in Graph's JSON shape (the
// `event` resource of Graph v1.0), so an EWS transport translates its SOAP items to and from it and
// the provider and the mapping stay the same. Errors are the engine's SyncError kinds
// (sync/provider.ts), translated by the transport.

export type GraphJson = Record<string, unknown>;

/** One page of a delta round: items, removed ids, and where to go on. */
export interface DeltaPage {
  readonly items: readonly GraphJson[];
  readonly removed: readonly string[];
  /** The next page of this round (`@odata.nextLink`), or null when `deltaLink` ends it. */
  readonly nextLink: string | null;
  readonly deltaLink: string | null;
}

export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** What a link test found, in plain words; `missing` names permissions the app lacks. */
export interface ProbeReport {
  readonly ok: boolean;
  readonly steps: readonly {
    readonly step: string;
    readonly ok: boolean;
    readonly detail: string;
  }[];
  readonly missing: readonly string[];
}

/** Busy times of one mailbox (Graph's scheduleInformation), or why they are unknown. */
export interface MailboxSchedule {
  readonly mailbox: string;
  readonly busy: readonly {
    readonly startMs: number;
    readonly endMs: number;
    readonly status: string;
  }[];
  readonly error: string | null;
}

export interface ExchangeTransport {
  /** Signs in and looks at the mailbox: calendar, To Do and contact folders. */
  probe(): Promise<ProbeReport>;
  /** A page of the calendar's delta: a new round within `window` (cursor null), or the given link. */
  eventsDelta(cursor: string | null, window: TimeWindow): Promise<DeltaPage>;
  /** The event, or null when it is gone. */
  getEvent(id: string): Promise<GraphJson | null>;
  /**
   * A series master with its `cancelledOccurrences` and `exceptionOccurrences` (series.ts), or
   * null when gone. Optional: a transport without it carries series without their exceptions.
   */
  getSeries?(id: string): Promise<GraphJson | null>;
  /** The occurrences and exceptions of a series in a window (Graph: event instances). */
  instances?(id: string, window: TimeWindow): Promise<GraphJson[]>;
  /**
   * To Do (tasks-provider.ts), optional like the series reads: the id of the mailbox's list of
   * that name, made when missing; a delta page of its tasks; task reads and writes.
   */
  taskList?(name: string): Promise<string>;
  tasksDelta?(listId: string, cursor: string | null): Promise<DeltaPage>;
  getTask?(listId: string, id: string): Promise<GraphJson | null>;
  createTask?(listId: string, body: GraphJson): Promise<GraphJson>;
  updateTask?(
    listId: string,
    id: string,
    patch: GraphJson,
    ifMatch: string | null,
  ): Promise<GraphJson>;
  deleteTask?(listId: string, id: string, ifMatch: string | null): Promise<void>;
  /** Creates an event; a body with a transactionId already used answers the existing event. */
  createEvent(body: GraphJson): Promise<GraphJson>;
  /** Writes the given properties if the event is still at `ifMatch` (an etag); the event after. */
  updateEvent(id: string, patch: GraphJson, ifMatch: string | null): Promise<GraphJson>;
  deleteEvent(id: string, ifMatch: string | null): Promise<void>;
  /** Free/busy of mailboxes in a window (Graph: calendar getSchedule), asked as this mailbox. */
  schedules(mailboxes: readonly string[], window: TimeWindow): Promise<MailboxSchedule[]>;
}
