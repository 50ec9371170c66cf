// whatsapp.closeConversations (gateway/whatsapp/README.md §5): conversations whose 24-hour window
// has ended are closed; when the channel has a reminder template, it is sent once in the last
// hour of the window (a template is allowed at any time, Cloud API "Customer service windows").
import { getModule } from '../../../store/modules/registry.js';
import type { Store } from '../../../store/store.js';
import type { WhatsAppChannelRepository } from '../../../store/whatsapp/channel-repository.js';
import type { ConversationQueries } from '../../../store/whatsapp/conversation-queries.js';
import { channelActor } from './actor.js';
import { crmTime, fromCrmTime } from './crm-time.js';
import type { Sender } from './sender.js';

export const REMINDER_KEY = 'whatsapp.reminderTemplate';

export interface ReminderTemplate {
  readonly name: string;
  readonly language: string;
}

export class ConversationCloser {
  constructor(
    private readonly store: Store,
    private readonly queries: ConversationQueries,
    private readonly channels: WhatsAppChannelRepository,
    private readonly sender: Sender,
    private readonly clock: () => number = Date.now,
  ) {}

  async run(): Promise<{ closed: number; reminded: number }> {
    const now = this.clock();
    const def = getModule('WhatsAppConversations');
    let reminded = 0;
    const reminder = await this.store.settings.get<ReminderTemplate | null>(REMINDER_KEY, null);
    if (reminder) {
      for (const { id, windowEnd } of await this.queries.windowEndedBefore(
        crmTime(now + 3_600_000),
      )) {
        // Only windows still open: a template after the end would remind of nothing.
        if (fromCrmTime(windowEnd) <= now) continue;
        const record = await this.store.records.read(def, id);
        if (!record || record.values['reminder_sent'] === '1') continue;
        const channel = await this.channels.byPhoneNumberId(record.values['wa_channel'] ?? '');
        if (!channel || !record.values['wa_id']) continue;
        const actor = await channelActor(this.store, channel);
        await this.store.records.update(
          actor,
          def.name,
          id,
          { values: { reminder_sent: '1' } },
          'revise',
        );
        try {
          await this.sender.send({
            channelId: channel.id,
            to: record.values['wa_id'],
            content: {
              kind: 'template',
              name: reminder.name,
              language: reminder.language,
              params: [],
            },
          });
          reminded++;
        } catch {
          // Recorded on the message or the channel; the conversation still closes on time.
        }
      }
    }
    let closed = 0;
    for (const { id } of await this.queries.windowEndedBefore(crmTime(now))) {
      const record = await this.store.records.read(def, id);
      const channel = await this.channels.byPhoneNumberId(record?.values['wa_channel'] ?? '');
      if (!record || !channel) continue;
      await this.store.records.update(
        await channelActor(this.store, channel),
        def.name,
        id,
        { values: { conversation_status: 'Closed' } },
        'revise',
      );
      closed++;
    }
    return { closed, reminded };
  }
}
