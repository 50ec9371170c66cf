// The one WebDAV XML reader (formats/webdav/xml-reader.ts): namespaces resolved per Namespaces in
// XML 1.0 §6 (default, prefixed, redeclared, undeclared), and hostile nesting (gateway/dav/README.md,
// "Limits") stopped at the depth limit instead of being read to the end.
import test from 'ava';
import { readXml, MAX_XML_DEPTH } from '../../../formats/webdav/xml-reader.js';
import { tryParseXml } from '../../../formats/webdav/parse-xml.js';

interface Seen {
  readonly opened: string[];
  readonly failure: Error | null;
}

function read(body: string): Seen {
  const opened: string[] = [];
  const failure = readXml(body, {
    open(ns, name, attrs, depth) {
      const a = Object.entries(attrs)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      opened.push(`${depth}{${ns}}${name}${a ? `[${a}]` : ''}`);
    },
    text() {},
    close() {},
  });
  return { opened, failure };
}

test('namespaces: default, prefixed, redeclared in a child and restored after it', (t) => {
  const { opened, failure } = read(
    '<d:a xmlns:d="DAV:" xmlns="urn:x"><b/><d:c xmlns:d="urn:y" xmlns=""><d:e name="n"/><f/></d:c><d:g/></d:a>',
  );
  t.is(failure, null);
  t.deepEqual(opened, [
    '1{DAV:}a',
    '2{urn:x}b',
    '2{urn:y}c',
    '3{urn:y}e[name=n]',
    '3{}f',
    '2{DAV:}g',
  ]);
});

test('an undeclared prefix, a DOCTYPE and broken XML are failures', (t) => {
  t.regex(read('<d:a/>').failure?.message ?? '', /unbound namespace prefix: "?d/);
  t.regex(read('<a q:x="1"/>').failure?.message ?? '', /unbound namespace prefix: "?q/);
  t.regex(read('<!DOCTYPE a><a/>').failure?.message ?? '', /DOCTYPE/);
  t.truthy(read('<a><b></a>').failure);
});

test('nesting stops at the limit: no element past it is opened, and 50,000 levels fail at once', (t) => {
  const nested = (n: number): string =>
    '<d:x xmlns:d="DAV:">' + '<d:x>'.repeat(n - 1) + '</d:x>'.repeat(n);
  t.is(read(nested(MAX_XML_DEPTH)).failure, null);

  const over = read(nested(MAX_XML_DEPTH + 1));
  t.regex(over.failure?.message ?? '', /nested deeper than 40/);
  t.is(over.opened.length, MAX_XML_DEPTH, 'the parse stopped at the first element too deep');

  const started = performance.now();
  const hostile = tryParseXml(nested(50_000));
  t.true(performance.now() - started < 1000, 'bounded in time');
  t.regex(hostile.failure?.message ?? '', /nested deeper than 40/);
});
