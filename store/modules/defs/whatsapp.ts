// WhatsApp Business (gateway/whatsapp/README.md §3, §5): one Conversation per customer number and
// channel, related to the contact or lead and to the ticket, and the message templates approved for
// a WhatsApp Business Account. Prefixes 61 and 62 collide with no vtiger module nor virtual one.
import { field, picklist, reference } from '../field-builders.js';
import { entityModule } from '../define.js';

export const WhatsAppConversations = entityModule({
  name: 'WhatsAppConversations',
  label: 'WhatsApp Conversations',
  singular: 'WhatsApp Conversation',
  idPrefix: 61,
  labelFields: ['wa_number'],
  numbering: { field: 'conversation_no', prefix: 'WA', start: 1, label: 'Conversation No' },
  fields: [
    field('wa_number', 'Number', 'phone', { mandatory: true }),
    field('wa_id', 'WhatsApp Id', 'string'),
    field('wa_channel', 'Business Number Id', 'string'),
    reference('contact_id', 'Contact Name', ['Contacts']),
    reference('lead_id', 'Lead', ['Leads']),
    reference('ticket_id', 'Ticket', ['HelpDesk']),
    picklist('conversation_status', 'Status', ['Open', 'Closed'], { default: 'Open' }),
    field('started_at', 'Started', 'datetime'),
    field('last_customer_at', 'Last Customer Message', 'datetime'),
    field('window_end', 'Window End', 'datetime'),
    field('last_message_status', 'Last Message Status', 'string'),
    field('reminder_sent', 'Reminder Sent', 'boolean'),
  ],
});

export const WhatsAppTemplates = entityModule({
  name: 'WhatsAppTemplates',
  label: 'WhatsApp Templates',
  singular: 'WhatsApp Template',
  idPrefix: 62,
  labelFields: ['template_name', 'template_language'],
  fields: [
    field('template_name', 'Name', 'string', { mandatory: true }),
    field('template_language', 'Language', 'string', { mandatory: true }),
    field('template_id', 'Template Id', 'string'),
    field('waba_id', 'Business Account Id', 'string'),
    picklist('template_category', 'Category', ['MARKETING', 'UTILITY', 'AUTHENTICATION']),
    picklist('template_status', 'Status', [
      'APPROVED',
      'PENDING',
      'REJECTED',
      'PAUSED',
      'DISABLED',
      'IN_APPEAL',
    ]),
    field('template_body', 'Body', 'text'),
    field('template_params', 'Parameters', 'integer'),
    field('template_reason', 'Reason', 'text'),
  ],
});
