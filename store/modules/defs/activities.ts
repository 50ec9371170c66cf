// Calendar (tasks), Events, HelpDesk and ModComments.
import { field, picklist, reference } from '../field-builders.js';
import { entityModule } from '../define.js';

const PARENTS = ['Accounts', 'Leads', 'Potentials', 'HelpDesk', 'Quotes', 'SalesOrder', 'Invoice'];
const PRIORITY = ['High', 'Medium', 'Low'];

export const Calendar = entityModule({
  name: 'Calendar',
  label: 'Tasks',
  singular: 'Task',
  idPrefix: 9,
  labelFields: ['subject'],
  fields: [
    field('subject', 'Subject', 'string', { mandatory: true }),
    field('date_start', 'Start Date & Time', 'date', { mandatory: true }),
    field('time_start', 'Time Start', 'time'),
    field('due_date', 'Due Date', 'date'),
    field('time_end', 'Time End', 'time'),
    picklist(
      'taskstatus',
      'Status',
      ['Not Started', 'In Progress', 'Completed', 'Pending Input', 'Deferred', 'Planned'],
      { default: 'Not Started' },
    ),
    picklist('taskpriority', 'Priority', PRIORITY),
    field('activitytype', 'Activity Type', 'string', { editable: false, default: 'Task' }),
    reference('parent_id', 'Related To', PARENTS),
    reference('contact_id', 'Contact Name', ['Contacts']),
    field('sendnotification', 'Send Notification', 'boolean'),
    // vtiger 8.2's webservice leaves it empty when not sent (test/gateway/rest/field-defaults.test.ts).
    picklist('visibility', 'Visibility', ['Private', 'Public']),
    field('location', 'Location', 'string'),
    field('notime', 'No Time', 'boolean'),
    field('duration_hours', 'Duration', 'integer'),
    field('duration_minutes', 'Duration Minutes', 'integer'),
    // Minutes before the start; "0" (no reminder) when not sent, as for Events.
    field('reminder_time', 'Send Reminder', 'integer', { default: '0' }),
    field('description', 'Description', 'text'),
  ],
});

export const Events = entityModule({
  name: 'Events',
  label: 'Events',
  singular: 'Event',
  idPrefix: 18,
  labelFields: ['subject'],
  fields: [
    field('subject', 'Subject', 'string', { mandatory: true }),
    field('date_start', 'Start Date & Time', 'date', { mandatory: true }),
    field('time_start', 'Time Start', 'time', { mandatory: true }),
    field('due_date', 'End Date', 'date', { mandatory: true }),
    field('time_end', 'End Time', 'time', { mandatory: true }),
    field('duration_hours', 'Duration', 'integer'),
    field('duration_minutes', 'Duration Minutes', 'integer'),
    picklist('eventstatus', 'Status', ['Planned', 'Held', 'Not Held'], {
      mandatory: true,
      default: 'Planned',
    }),
    picklist('activitytype', 'Activity Type', ['Call', 'Meeting', 'Mobile Call'], {
      mandatory: true,
      default: 'Meeting',
    }),
    picklist('taskpriority', 'Priority', PRIORITY),
    field('location', 'Location', 'string'),
    reference('parent_id', 'Related To', PARENTS),
    reference('contact_id', 'Contact Name', ['Contacts']),
    field('sendnotification', 'Send Notification', 'boolean'),
    // vtiger 8.2's webservice leaves it empty when not sent (test/gateway/rest/field-defaults.test.ts).
    picklist('visibility', 'Visibility', ['Private', 'Public']),
    picklist('recurringtype', 'Recurrence', ['--None--', 'Daily', 'Weekly', 'Monthly', 'Yearly']),
    // "0" (no reminder) when not sent, as vtiger 8.2's webservice stores it.
    field('reminder_time', 'Send Reminder', 'integer', { default: '0' }),
    field('notime', 'No Time', 'boolean'),
    field('description', 'Description', 'text'),
  ],
});

export const HelpDesk = entityModule({
  name: 'HelpDesk',
  label: 'Tickets',
  singular: 'Ticket',
  idPrefix: 17,
  labelFields: ['ticket_title'],
  numbering: { field: 'ticket_no', prefix: 'TT', start: 1, label: 'Ticket No' },
  fields: [
    field('ticket_title', 'Title', 'string', { mandatory: true }),
    reference('parent_id', 'Organization Name', ['Accounts']),
    reference('contact_id', 'Contact Name', ['Contacts']),
    reference('product_id', 'Product Name', ['Products']),
    picklist('ticketpriorities', 'Priority', ['Low', 'Normal', 'High', 'Urgent']),
    picklist('ticketstatus', 'Status', ['Open', 'In Progress', 'Wait For Response', 'Closed'], {
      mandatory: true,
      default: 'Open',
    }),
    picklist('ticketseverities', 'Severity', ['Minor', 'Major', 'Feature', 'Critical']),
    picklist('ticketcategories', 'Category', ['Big Problem', 'Small Problem', 'Other Problem']),
    field('hours', 'Hours', 'double'),
    field('days', 'Days', 'double'),
    field('description', 'Description', 'text'),
    field('solution', 'Solution', 'text'),
    field('from_portal', 'From Portal', 'boolean'),
  ],
});

export const ModComments = entityModule({
  name: 'ModComments',
  label: 'Comments',
  singular: 'Comment',
  idPrefix: 31,
  labelFields: ['commentcontent'],
  fields: [
    field('commentcontent', 'Comment', 'text', { mandatory: true }),
    reference('related_to', 'Related To', [
      'Accounts',
      'Contacts',
      'Leads',
      'Potentials',
      'HelpDesk',
      'Products',
      'Services',
      'SalesOrder',
      'Invoice',
      'Quotes',
    ]),
    reference('parent_comments', 'Related To Comments', ['ModComments']),
    reference('customer', 'Customer', ['Contacts']),
    reference('creator', 'Creator', ['Users'], { editable: false }),
  ],
});
