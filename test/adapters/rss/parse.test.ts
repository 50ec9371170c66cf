// Parsing and sanitising real-world-style documents of every format (adapters/rss/README.md
// §5.3, §5.4) without the network: RSS 0.91, 2.0, 1.0/RDF, Atom 1.0, JSON Feed, windows-1251 and
// ISO-8859-1, and the hostile ones (XXE, entity bomb, malformed XML, HTML instead of a feed).
import test from 'ava';
import { decodeDocument } from '../../../adapters/rss/decode.js';
import { toArticleInputs } from '../../../adapters/rss/entries.js';
import { FeedError } from '../../../adapters/rss/feed-error.js';
import { parseFeedDocument } from '../../../adapters/rss/parse-feed.js';
import { htmlToText, sanitizeArticleHtml } from '../../../adapters/rss/sanitize.js';
import { fixture } from './feed-server.js';

const NOW = new Date('2024-03-10T12:00:00Z');
const articlesOf = (name: string, type: string | null = null) =>
  toArticleInputs(parseFeedDocument(fixture(name), type), `https://feeds.example/${name}`, NOW);

test('RSS 0.91 with the Netscape DOCTYPE parses; links and descriptions kept', (t) => {
  const feed = parseFeedDocument(fixture('rss-0.91.xml'), null);
  t.is(feed.format, 'rss');
  t.is(feed.title, 'WriteTheWeb');
  t.is(feed.siteUrl, 'http://writetheweb.com');
  const articles = articlesOf('rss-0.91.xml');
  t.is(articles.length, 3);
  t.is(articles[0]?.link, 'http://writetheweb.com/read.php?item=24');
  t.regex(articles[0]?.content ?? '', /^WorldOS is a framework/);
  t.is(new Set(articles.map((a) => a.dedupeKey)).size, 3, 'no guid: the link is the key');
});

test('RSS 2.0 (WordPress style): content:encoded sanitised, relative URLs resolved, enclosure kept as a link', (t) => {
  const [spring, podcast, hours] = articlesOf('rss-2.0.xml');
  t.is(spring?.title, 'Spring catalogue is out');
  t.is(spring?.author, 'Maria Lopez');
  t.is(spring?.publishedAt, '2024-03-05 09:12:44.000');
  t.is(spring?.guid, 'https://shop.example.com/?p=1042');
  const html = spring?.content ?? '';
  t.notRegex(html, /<script|onerror|onclick|javascript:|<iframe|style=/i);
  t.notRegex(html, /pixel\.tracker/, 'the 1×1 tracking pixel is dropped');
  t.regex(
    html,
    /<a href="https:\/\/shop\.example\.com\/catalogue\/spring-2024\.pdf" rel="noopener noreferrer nofollow" target="_blank"/,
  );
  t.regex(
    html,
    /<img src="https:\/\/shop\.example\.com\/wp-content\/uploads\/2024\/03\/cover\.jpg"/,
  );
  t.deepEqual(podcast?.enclosures, [
    { url: 'https://media.example.com/podcast/ep12.mp3', type: 'audio/mpeg', length: 24986239 },
  ]);
  t.is(hours?.title, 'Opening hours & holidays');
});

test('RSS 1.0 (RDF): dc:creator and dc:date, content:encoded preferred', (t) => {
  const feed = parseFeedDocument(fixture('rss-1.0.rdf'), 'application/rdf+xml');
  t.is(feed.format, 'rdf');
  const [steel, strike] = articlesOf('rss-1.0.rdf');
  t.like(steel, {
    title: 'Steel prices fall for the third month',
    author: 'Jane Roe',
    publishedAt: '2024-03-04 06:30:00.000',
  });
  t.regex(strike?.content ?? '', /href="https:\/\/news\.example\.org\/ports"/);
});

test('Atom 1.0: html and xhtml text constructs, relative links against the entry, enclosure link', (t) => {
  const feed = parseFeedDocument(fixture('atom-1.0.xml'), 'application/atom+xml');
  t.like(feed, { format: 'atom', title: 'Customer Blog', siteUrl: 'https://blog.example.net/' });
  const [release, hello] = articlesOf('atom-1.0.xml');
  t.is(release?.title, "Release 2.0 & what's new");
  t.is(release?.guid, 'tag:blog.example.net,2024-03-02:/posts/release-2');
  t.regex(release?.content ?? '', /href="https:\/\/blog\.example\.net\/posts\/changelog\/"/);
  t.notRegex(release?.content ?? '', /onerror/);
  t.is(release?.summary, '<p>Version 2.0 is out, with faster sync.</p>');
  t.deepEqual(release?.enclosures, [
    {
      url: 'https://blog.example.net/files/release-notes-2.0.pdf',
      type: 'application/pdf',
      length: 123456,
    },
  ]);
  t.is(hello?.content, '<p>First post, <em>finally</em>.</p>');
  t.is(hello?.publishedAt, '2024-01-15 09:00:00.000', 'no <published>: <updated> stands in');
});

test('JSON Feed 1.1: content_html sanitised, content_text escaped into paragraphs, attachments', (t) => {
  const [prices, maintenance] = articlesOf('feed.json', 'application/feed+json');
  t.is(prices?.author, 'Sam Partner');
  t.notRegex(prices?.content ?? '', /script/);
  t.is(prices?.enclosures[0]?.url, 'https://partner.example.com/prices.pdf');
  t.is(
    maintenance?.content,
    '<p>Our portal is down on Saturday.</p><p>Sorry &lt;for&gt; the trouble &amp; thanks.</p>',
  );
  t.is(maintenance?.link, null);
});

test('windows-1251 (declared in the prolog and in Content-Type) and ISO-8859-1 decode correctly', (t) => {
  t.is(parseFeedDocument(fixture('windows-1251.xml'), null).title, 'Новости партнёра');
  t.is(
    parseFeedDocument(fixture('windows-1251.xml'), 'application/rss+xml; charset=windows-1251')
      .items[0]?.title,
    'Снижение цен на сталь',
  );
  t.is(articlesOf('windows-1251.xml')[0]?.content, '<p>Цены снизились на 4%.</p>');
  t.is(parseFeedDocument(fixture('iso-8859-1.xml'), 'text/xml').title, 'Café & Crème - nouvelles');
  t.is(
    decodeDocument(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), 'text/xml; charset=iso-8859-1').text,
    'A',
    'a BOM wins over the header',
  );
  t.is(
    decodeDocument(Buffer.from('<?xml version="1.0" encoding="no-such-charset"?><a/>'), null)
      .encoding,
    'utf-8',
  );
});

test('XXE: the external entity is never read; the document is refused as malformed', (t) => {
  const err = t.throws(() => parseFeedDocument(fixture('xxe.xml'), null), {
    instanceOf: FeedError,
  });
  t.is(err?.kind, 'malformed');
  t.regex(err?.message ?? '', /never loaded or expanded/);
  t.notRegex(err?.message ?? '', /root:/);
});

test('billion laughs: entities are not expanded, parsing stays fast and small', (t) => {
  const started = performance.now();
  const [article] = articlesOf('billion-laughs.xml');
  t.true(performance.now() - started < 2000);
  t.is(article?.title, '&lol9;');
  t.true((article?.content ?? '').length < 100);
  t.notRegex(JSON.stringify(article), /lollol/);
});

test('malformed XML, an HTML page and an empty body are clear errors', (t) => {
  t.is(
    t.throws(() => parseFeedDocument(fixture('malformed.xml'), null), { instanceOf: FeedError })
      ?.kind,
    'malformed',
  );
  const html = t.throws(() => parseFeedDocument(fixture('site.html'), 'text/html'), {
    instanceOf: FeedError,
  });
  t.is(html?.kind, 'not_a_feed');
  t.regex(html?.message ?? '', /HTML page/);
  t.is(
    t.throws(() => parseFeedDocument(Buffer.alloc(0), null), { instanceOf: FeedError })?.kind,
    'not_a_feed',
  );
});

test('dedupe keys: guid, guid+link when a guid repeats, link, then a content hash', (t) => {
  const doc = `<rss version="2.0"><channel><title>d</title>
<item><guid>same</guid><link>https://e.x/1</link><title>a</title></item>
<item><guid>same</guid><link>https://e.x/2</link><title>b</title></item>
<item><link>https://e.x/3</link><title>c</title></item>
<item><title>d</title><description>only text</description></item>
<item><title>d</title><description>only text</description></item></channel></rss>`;
  const articles = toArticleInputs(
    parseFeedDocument(Buffer.from(doc), null),
    'https://e.x/feed',
    NOW,
  );
  t.is(new Set(articles.slice(0, 3).map((a) => a.dedupeKey)).size, 3);
  t.is(
    articles[3]?.dedupeKey,
    articles[4]?.dedupeKey,
    'identical entries without guid or link share the hash key',
  );
});

test('sanitiser: classic vectors are neutralised', (t) => {
  const vectors = [
    '<img src=x onerror=alert(1)>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<svg><script>alert(1)</script></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name=a></form>',
    '<style>body{background:url(https://evil.example)}</style>',
    '<a href="data:text/html,<script>alert(1)</script>">d</a>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<p style="position:fixed">x</p>',
    '<a href="//evil.example/x" onclick="x()">p</a>',
  ];
  for (const vector of vectors) {
    const out = sanitizeArticleHtml(vector, 'https://site.example/post');
    t.notRegex(
      out,
      /<script|onerror|onclick|javascript:|<iframe|<form|<style|style=|<object|<embed|data:text/i,
      vector,
    );
  }
  t.is(
    sanitizeArticleHtml('<img src="data:image/png;base64,AAAA" alt="d">', null),
    '<img src="data:image/png;base64,AAAA" alt="d" loading="lazy" referrerpolicy="no-referrer" />',
  );
  t.is(
    sanitizeArticleHtml('<img src="/p.gif" width="0" height="0">', 'https://s.example/'),
    '',
    'a 0×0 pixel is dropped',
  );
  t.is(htmlToText('A &amp;lt;b&amp;gt; <b>bold</b> <script>x()</script>'), 'A &lt;b&gt; bold');
});
