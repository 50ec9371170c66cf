// Reading a shop module's plain-text answer (gateway/commerceml/README.md §1.1, sync/shop/README.md
// §2). Bitrix answers in windows-1251, WooCommerce mislabels its charset, so the bytes decide:
// valid UTF-8 is read as UTF-8, anything else as windows-1251. A BOM and CR line ends are dropped. The first line is the status keyword.
import iconv from 'iconv-lite';

export interface ShopAnswer {
  readonly status: number;
  /** The whole body, decoded. */
  readonly text: string;
  readonly lines: readonly string[];
  /** The first line, trimmed: success, progress, failure, or whatever the shop printed. */
  readonly keyword: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 bytes decide (the approach of ivanarama/onebase PR #1049); otherwise windows-1251. */
export function decodeShopBytes(body: Buffer): string {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    text = iconv.decode(body, 'win1251');
  }
  return text.replace(/^\uFEFF/, '');
}

export function readAnswer(status: number, body: Buffer): ShopAnswer {
  const text = decodeShopBytes(body);
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  return { status, text, lines, keyword: (lines[0] ?? '').trim() };
}

/** What the history keeps of an answer that is not a status line: its body, bounded. */
export function describe(answer: ShopAnswer): string {
  const body = answer.text.trim().slice(0, 2000);
  return body === '' ? `an empty answer (HTTP ${answer.status})` : body;
}
