// Users and Groups: owners of records. They have tables of their own (users, groups), but
// appear in the registry so that describe, ids (19x1, 20x3) and owner fields work as in vtiger.
import { field, picklist } from '../field-builders.js';
import type { ModuleDef } from '../types.js';

export const Users: ModuleDef = {
  name: 'Users',
  label: 'Users',
  singular: 'User',
  idPrefix: 19,
  kind: 'users',
  table: 'users',
  labelFields: ['first_name', 'last_name'],
  numbering: null,
  inventory: false,
  fields: [
    field('user_name', 'User Name', 'string', { mandatory: true }),
    field('first_name', 'First Name', 'string'),
    field('last_name', 'Last Name', 'string', { mandatory: true }),
    field('email1', 'Email', 'email'),
    field('is_admin', 'Admin', 'boolean', { editable: false }),
    picklist('status', 'Status', ['Active', 'Inactive'], { default: 'Active' }),
    field('time_zone', 'Time Zone', 'string', { default: 'UTC' }),
    // vtiger 8.2's descriptive user fields (store/users/user-details.ts).
    field('title', 'Title', 'string'),
    field('department', 'Department', 'string'),
    field('phone_work', 'Office Phone', 'phone'),
    field('phone_mobile', 'Mobile', 'phone'),
    field('phone_home', 'Home Phone', 'phone'),
    field('phone_other', 'Other Phone', 'phone'),
    field('phone_fax', 'Fax', 'phone'),
    // Fixed for every user: the gateway exchanges dates as yyyy-mm-dd and times in 24 hours
    // on every edge (gateway/rest/README.md §4) and speaks English.
    field('date_format', 'Date Format', 'string', { editable: false, default: 'yyyy-mm-dd' }),
    field('hour_format', 'Calendar Hour Format', 'string', { editable: false, default: '24' }),
    field('language', 'Language', 'string', { editable: false, default: 'en_us' }),
  ],
};

export const Groups: ModuleDef = {
  name: 'Groups',
  label: 'Groups',
  singular: 'Group',
  idPrefix: 20,
  kind: 'groups',
  table: 'groups',
  labelFields: ['groupname'],
  numbering: null,
  inventory: false,
  fields: [
    field('groupname', 'Group Name', 'string', { mandatory: true }),
    field('description', 'Description', 'text'),
  ],
};
