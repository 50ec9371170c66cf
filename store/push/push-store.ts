// The Web Push repositories over one database (gateway/push/README.md). Kept out of store.ts's
// Store so that only the push service builds it, with the box that seals its secrets.
import type { Knex } from 'knex';
import type { SecretBox } from '../secrets.js';
import { PushActivity } from './activity.js';
import { PushChangeFeed } from './change-feed.js';
import { PushFailureFeed } from './failure-feed.js';
import { PushOutbox } from './outbox.js';
import { PushPreferencesRepository } from './preferences.js';
import { PushReminders } from './reminders.js';
import { PushSubscriptionRepository } from './subscriptions.js';
import { VapidRepository } from './vapid.js';
import { PushWhatsAppFeed } from './whatsapp-feed.js';

export interface PushStore {
  readonly vapid: VapidRepository;
  readonly subscriptions: PushSubscriptionRepository;
  readonly preferences: PushPreferencesRepository;
  readonly outbox: PushOutbox;
  readonly activity: PushActivity;
  readonly reminders: PushReminders;
  readonly changes: PushChangeFeed;
  readonly failures: PushFailureFeed;
  readonly whatsapp: PushWhatsAppFeed;
}

export function createPushStore(knex: Knex, box: SecretBox | null): PushStore {
  return {
    vapid: new VapidRepository(knex, box),
    subscriptions: new PushSubscriptionRepository(knex, box),
    preferences: new PushPreferencesRepository(knex),
    outbox: new PushOutbox(knex),
    activity: new PushActivity(knex),
    reminders: new PushReminders(knex),
    changes: new PushChangeFeed(knex),
    failures: new PushFailureFeed(knex),
    whatsapp: new PushWhatsAppFeed(knex),
  };
}
