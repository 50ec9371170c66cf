// Article HTML is sanitised by allow-list before it is stored (adapters/rss/README.md §5.4,
// sanitize-html 2.17.5): no script, style, iframe, form or event attributes; http/https/mailto
// links only (data: for images); relative href/src resolved against the entry's link first, so the
// scheme check judges the URL a reader would follow; links open apart with rel="noopener noreferrer
// nofollow" (Miniflux sanitizer.go); 1×1 and 0×0 images (tracking pixels) are dropped.
import sanitizeHtml from 'sanitize-html';

const ALLOWED_TAGS = [
  'a',
  'abbr',
  'acronym',
  'address',
  'b',
  'bdi',
  'bdo',
  'big',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'details',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'picture',
  'pre',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'samp',
  'small',
  'source',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'tt',
  'u',
  'ul',
  'var',
  'audio',
  'video',
];

const ALLOWED_ATTRIBUTES: sanitizeHtml.IOptions['allowedAttributes'] = {
  a: ['href', 'title', 'rel', 'target', 'referrerpolicy'],
  img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'referrerpolicy'],
  source: ['src', 'type', 'media'],
  audio: ['src', 'controls', 'preload'],
  video: ['src', 'controls', 'preload', 'poster', 'width', 'height'],
  abbr: ['title'],
  acronym: ['title'],
  q: ['cite'],
  blockquote: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  time: ['datetime'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
};

function resolver(base: string | null): (value: string | undefined) => string | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    try {
      return base === null ? new URL(value.trim()).href : new URL(value.trim(), base).href;
    } catch {
      return undefined; // unparseable: dropped, never kept as a relative URL
    }
  };
}

function withAttr(
  attribs: sanitizeHtml.Attributes,
  name: string,
  value: string | undefined,
): sanitizeHtml.Attributes {
  const out = { ...attribs };
  if (value === undefined) delete out[name];
  else out[name] = value;
  return out;
}

function isTrackingPixel(attribs: Record<string, string>): boolean {
  const size = (name: string): number | null => {
    const n = Number.parseInt(attribs[name] ?? '', 10);
    return Number.isNaN(n) ? null : n;
  };
  const w = size('width');
  const h = size('height');
  return (w !== null && w <= 1) || (h !== null && h <= 1);
}

function options(base: string | null): sanitizeHtml.IOptions {
  const resolve = resolver(base);
  const media = (tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => ({
    tagName: tag,
    attribs: withAttr(attribs, 'src', resolve(attribs.src)),
  });
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: (tag, attribs) => ({
        tagName: tag,
        attribs: {
          ...withAttr(attribs, 'href', resolve(attribs.href)),
          rel: 'noopener noreferrer nofollow',
          target: '_blank',
          referrerpolicy: 'no-referrer',
        },
      }),
      img: (tag, attribs) => ({
        tagName: tag,
        attribs: {
          ...withAttr(attribs, 'src', resolve(attribs.src)),
          loading: 'lazy',
          referrerpolicy: 'no-referrer',
        },
      }),
      source: media,
      audio: media,
      video: (tag, attribs) => ({
        tagName: tag,
        attribs: withAttr(
          withAttr(attribs, 'src', resolve(attribs.src)),
          'poster',
          resolve(attribs.poster),
        ),
      }),
    },
    exclusiveFilter: (frame) =>
      frame.tag === 'img' && (isTrackingPixel(frame.attribs) || !frame.attribs.src),
  };
}

/** Safe HTML for display; `base` is the entry link (or the feed's site or URL) that relative URLs mean. */
export function sanitizeArticleHtml(html: string, base: string | null): string {
  return sanitizeHtml(html, options(base)).trim();
}

const TEXT_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
};

/**
 * Plain text of an HTML fragment (titles, excerpts): tags dropped, entities decoded once, spaces
 * collapsed. sanitize-html decodes every entity while parsing and re-escapes only these few.
 */
export function htmlToText(html: string): string {
  const stripped = sanitizeHtml(html, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'textarea', 'noscript', 'title'],
  });
  return stripped
    .replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => TEXT_ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Plain text to HTML, for JSON Feed content_text and Atom type="text". */
export function textToHtml(text: string): string {
  const escaped = text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
  return escaped
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
}
