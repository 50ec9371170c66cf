// Bytes → ParsedFeed through feedsmith 3.0.1 (adapters/rss/README.md §5.3). feedsmith runs
// fast-xml-parser with processEntities off, so a DTD's entities are never expanded (billion
// laughs stays "&lol9;") and an external entity (XXE) makes the document malformed, never read.
import { parseFeed, DetectError, MalformedError } from 'feedsmith';
import { decodeDocument } from './decode.js';
import { FeedError } from './feed-error.js';
import { normalise, type ParsedFeed } from './normalise.js';

/** More entries than any real feed carries; bounds the work one document can cause. */
export const MAX_ITEMS = 1000;

export function parseFeedDocument(bytes: Uint8Array, contentType: string | null): ParsedFeed {
  const { text, encoding } = decodeDocument(bytes, contentType);
  if (text.trim() === '') throw new FeedError('not_a_feed', 'the document is empty');
  try {
    return normalise(parseFeed(text, { maxItems: MAX_ITEMS }));
  } catch (err) {
    if (err instanceof DetectError) {
      const what = /^\s*(<!doctype html|<html)/i.test(text)
        ? 'an HTML page'
        : `neither RSS, Atom, RDF nor JSON Feed`;
      throw new FeedError('not_a_feed', `not a feed: the document is ${what}`);
    }
    if (err instanceof MalformedError) {
      const dtd = /<!DOCTYPE[^>]*\[/i.test(text.slice(0, 4096))
        ? ' (its DOCTYPE declares entities, which are never loaded or expanded)'
        : '';
      throw new FeedError(
        'malformed',
        `malformed feed: the ${encoding} document could not be parsed as XML${dtd}`,
      );
    }
    throw new FeedError(
      'malformed',
      `malformed feed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** True when the bytes are a feed; for discovery, which must tell feeds from pages. */
export function tryParseFeed(bytes: Uint8Array, contentType: string | null): ParsedFeed | null {
  try {
    return parseFeedDocument(bytes, contentType);
  } catch {
    return null;
  }
}
