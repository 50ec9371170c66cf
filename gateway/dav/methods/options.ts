// OPTIONS (RFC 4918 §10.1, §9 Allow): the core's classes 1 and 3 plus each area's
// (CalDAV's calendar-access, RFC 4791 §5.1), and the core's methods plus each area's.
import type { DavArea, DavCore } from '../area.js';
import type { DavResult } from '../request.js';

export function allowOf(areas: ReadonlyArray<Pick<DavArea, 'allow'>>): string {
  const extra = [...new Set(areas.flatMap((a) => a.allow))];
  return ['OPTIONS', 'GET', 'HEAD', ...extra, 'DELETE', 'PROPFIND', 'PROPPATCH', 'REPORT'].join(
    ', ',
  );
}

export function options(core: DavCore): DavResult {
  const classes = ['1', '3', ...core.areas.flatMap((a) => a.davClasses)];
  return {
    status: 200,
    headers: { dav: classes.join(', '), allow: allowOf(core.areas), 'content-length': '0' },
  };
}
