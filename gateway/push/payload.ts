// The JSON a push carries to the service worker (gateway/push/README.md §3). A push service must
// accept 4096 bytes of encrypted payload (RFC 8030 §7.2), of which aes128gcm's header and padding
// take 103 (RFC 8291 §4), so bodies are cut well below; a 413 shortens further to the bare title.
export interface PushContent {
  readonly title: string;
  readonly body: string;
  readonly kind: string;
  /** Where a click on the notification leads (a console path), if anywhere. */
  readonly url: string | null;
  /** The notification tag: a newer one replaces the shown one on the device. */
  readonly tag: string | null;
}

export const MAX_PAYLOAD_BYTES = 3000;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function encodePayload(content: PushContent): string {
  const full = JSON.stringify({ ...content, title: cut(content.title, 200) });
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  // Body text is what can be long; a multi-byte text may need a second, shorter cut.
  let max = 1000;
  for (;;) {
    const text = JSON.stringify({
      ...content,
      title: cut(content.title, 200),
      body: cut(content.body, max),
    });
    if (Buffer.byteLength(text) <= MAX_PAYLOAD_BYTES || max < 50) return text;
    max = Math.floor(max / 2);
  }
}

/** After a 413 (RFC 8030 §7.2): only the title and kind, or null when already that short. */
export function shortenPayload(payload: string): string | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return null;
  }
  const title = typeof parsed.title === 'string' ? cut(parsed.title, 80) : '';
  const short = JSON.stringify({ title, body: '', kind: parsed.kind, url: null, tag: parsed.tag });
  return Buffer.byteLength(short) < Buffer.byteLength(payload) ? short : null;
}
