// Domain shapes of WhatsApp Business channels and messages (gateway/whatsapp/README.md).
import type { Owner } from '../types.js';

export interface WhatsAppChannel {
  readonly id: number;
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly verifyToken: string;
  readonly owner: Owner;
  readonly graphUrl: string;
  readonly apiVersion: string;
  readonly tickets: boolean;
  /** How numbers typed in the CRM without a country code are read: "+" or "00". */
  readonly dialPrefix: '+' | '00';
  readonly matchDays: number;
  readonly paused: boolean;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The channel's secrets, opened only where a request is signed or checked. */
export interface ChannelSecrets {
  readonly token: string;
  readonly appSecret: string;
}

export interface ChannelInput {
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly token: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly owner: Owner;
  readonly graphUrl: string;
  readonly apiVersion: string;
  readonly tickets: boolean;
  readonly dialPrefix: '+' | '00';
  readonly matchDays: number;
}

export type MessageDirection = 'in' | 'out';

/** Meta's status names (webhooks reference, messages/status), plus the gateway's own two. */
export type MessageStatus =
  'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'refused';

export interface StoredMessage {
  readonly id: number;
  readonly channelId: number;
  readonly wamid: string | null;
  readonly conversationId: number | null;
  readonly direction: MessageDirection;
  readonly waId: string;
  readonly type: string;
  readonly text: string | null;
  readonly mediaId: string | null;
  readonly mediaMime: string | null;
  readonly documentId: number | null;
  readonly sentAt: string;
  readonly status: MessageStatus;
  readonly errorCode: number | null;
  readonly errorTitle: string | null;
}
