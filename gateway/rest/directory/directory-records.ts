// Users (19x) and Groups (20x) as webservice records, the fields vtiger 8.2's Users module carries
// that mean something here, and never a secret: no password hash, no access key
// (test/gateway/rest/directory-query.test.ts). `is_admin` is "on"/"off" as vtiger stores it.
// Dates travel as yyyy-mm-dd and times in 24 hours on every edge of the gateway
// (gateway/rest/README.md §4), and its messages are English, so every user's formats say so.
import type { Group, User } from '../../../store/types.js';
import type { WsRecord } from '../present.js';
import { formatId, GROUPS_PREFIX, USERS_PREFIX } from '../ws-ids.js';

export function presentUser(user: User): WsRecord {
  return {
    user_name: user.userName,
    first_name: user.firstName ?? '',
    last_name: user.lastName,
    email1: user.email ?? '',
    is_admin: user.isAdmin ? 'on' : 'off',
    status: user.status,
    time_zone: user.timeZone,
    title: user.details?.title ?? '',
    department: user.details?.department ?? '',
    phone_work: user.details?.phoneWork ?? '',
    phone_mobile: user.details?.phoneMobile ?? '',
    phone_home: user.details?.phoneHome ?? '',
    phone_other: user.details?.phoneOther ?? '',
    phone_fax: user.details?.phoneFax ?? '',
    date_format: 'yyyy-mm-dd',
    hour_format: '24',
    language: 'en_us',
    id: formatId(USERS_PREFIX, user.id),
  };
}

export function presentGroup(group: Group): WsRecord {
  return {
    groupname: group.name,
    description: group.description ?? '',
    id: formatId(GROUPS_PREFIX, group.id),
  };
}
