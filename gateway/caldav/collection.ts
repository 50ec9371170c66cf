// A calendar collection (RFC 4791 §4.2) as a WebDAV SyncCollection (RFC 6578): members are the
// calendar's objects; its token is the last change of the calendar's module, so writes to other
// modules leave it; changes come from the change log (see calendar-changes.ts).
import type { CalendarProps } from '../../store/caldav/calendar-props.js';
import { GatewayError } from '../../store/errors.js';
import { tokenUri } from '../dav/methods/sync-collection.js';
import type {
  ChangePage,
  PatchInstruction,
  PatchStatus,
  PropTable,
  SyncCollection,
} from '../dav/resource.js';
import { changesSince } from './calendar-changes.js';
import { patchCalendar } from './calendar-patch.js';
import { calendarPosition, loadByName, type DavCalendar } from './calendar-store.js';
import type { CaldavDeps, DavPrincipal } from './deps.js';
import { removeObject } from './methods/delete.js';
import { calendarHref, slugName } from './paths.js';
import { calendarProps } from './props.js';
import {
  calendarObjects,
  needWrite,
  objectResource,
  type CalendarObjectResource,
} from './resources.js';

export class CalendarCollection implements SyncCollection<CalendarObjectResource> {
  readonly kind = 'collection';
  readonly href: string;

  private constructor(
    private readonly deps: CaldavDeps,
    readonly calendar: DavCalendar,
    private readonly stored: CalendarProps,
    private readonly position: number,
  ) {
    this.href = calendarHref(calendar.userName, calendar.slug);
  }

  static async open(deps: CaldavDeps, cal: DavCalendar): Promise<CalendarCollection> {
    const [stored, position] = await Promise.all([
      deps.props.get(cal.userId, slugName(cal.slug)),
      calendarPosition(deps, cal),
    ]);
    return new CalendarCollection(deps, cal, stored, position);
  }

  props(t: PropTable): void {
    calendarProps(
      t,
      this.calendar,
      this.stored,
      tokenUri(this.position),
      this.deps.limits.maxResourceBytes,
    );
  }

  patch(instructions: readonly PatchInstruction[], p: DavPrincipal): Promise<PatchStatus[]> {
    return patchCalendar(this.deps, this.calendar, instructions, p);
  }

  async members(): Promise<CalendarObjectResource[]> {
    const cal = this.calendar;
    return (await calendarObjects(this.deps, cal)).map((o) => objectResource(cal, o));
  }

  async member(name: string): Promise<CalendarObjectResource | null> {
    const object = await loadByName(this.deps, this.calendar, name);
    return object ? objectResource(this.calendar, object) : null;
  }

  checkWrite(): void {
    needWrite(this.calendar);
  }

  async remove(member: CalendarObjectResource, p: DavPrincipal): Promise<void> {
    if (member.calendar !== this.calendar)
      throw new GatewayError('not_found', `No calendar object at ${member.href}`);
    await removeObject(this.deps, p, this.calendar, member.object);
  }

  async token(): Promise<number> {
    return this.position;
  }

  changesSince(
    since: number,
    upTo: number,
    limit: number,
  ): Promise<ChangePage<CalendarObjectResource>> {
    return changesSince(this.deps, this.calendar, since, upTo, limit);
  }
}
