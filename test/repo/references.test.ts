// Comments and docs cite only what a reader of the checkout can open (docs/architecture.md
// "Conventions"). The samples below are assembled from pieces, so that this file itself never
// holds the text it plants.
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkRepository,
  findIssueReferences,
  findMarkdownReferences,
  resolveMarkdownReference,
  sectionsOf,
  sourceFiles,
} from './references.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ISSUE = 'iss' + 'ue';
const SECTION = '§';

test('no source file names a tracker number or cites a *.md section that is not in the repository', (t) => {
  const files = sourceFiles(ROOT);
  t.true(files.includes('gateway/app.ts'), 'the walk reaches the sources');
  t.true(files.includes('gateway/rest/README.md'), 'the walk reaches the protocol notes');
  t.false(
    files.some((f) => f.startsWith('test/fixtures/') || f.startsWith('node_modules/')),
    'fixtures and dependencies are not checked',
  );
  const offences = checkRepository(ROOT);
  t.deepEqual(offences, [], `\n${offences.join('\n')}`);
});

test('the tracker-number matcher finds bare numbers, on one line or across a comment break', (t) => {
  const text = [
    `// Limits (${ISSUE} 12): the cap.`,
    `// see ${ISSUE}s 4 and 5`,
    `/** ${ISSUE[0]?.toUpperCase()}${ISSUE.slice(1)} #7 default */`,
    `// the rule of this ${ISSUE}`,
    `// 9, and more`,
  ].join('\n');
  t.deepEqual(
    findIssueReferences(text).map((r) => r.line),
    [1, 2, 3, 4],
  );
});

test('the tracker-number matcher leaves issuers, public owner/repo#N references and URLs alone', (t) => {
  const text = [
    `// the ${ISSUE}r 5 minutes ahead; tokens ${ISSUE}d 2 times`,
    '// appended pictures (KirilLoveVE/exchange1c_v1.6_oc2.3#51, maxpoletaev/opencart-exchange1c#28)',
    `// https://github.com/sabre-io/Baikal/${ISSUE}s/1154`,
    `const ${ISSUE}Code = 3; // ${ISSUE} new credentials`,
  ].join('\n');
  t.deepEqual(findIssueReferences(text), []);
});

test('the *.md § matcher reads the file and the first section, across a comment break', (t) => {
  const text = [
    `// mode=file (gateway/commerceml/README.md ${SECTION}1.4 step 1, ${SECTION}6.4)`,
    `// (notes.md ${SECTION}2–${SECTION}3) and (oauth-ldap-webforms-`,
    `// rss.md) and (shared-notes.md`,
    `// ${SECTION}5.2 "Backoff")`,
    `// https://example.org/a/README.md ${SECTION}1 and docs/architecture.md "Tests"`,
  ].join('\n');
  t.deepEqual(
    findMarkdownReferences(text).map((r) => [r.line, r.target, r.section]),
    [
      [1, 'gateway/commerceml/README.md', '1.4'],
      [2, 'notes.md', '2'],
      [3, 'shared-notes.md', '5.2'],
    ],
  );
});

test('numbered Markdown headings are the sections a reference may name', (t) => {
  const sections = sectionsOf(
    [
      '# Title',
      '## 1. Transport',
      '### 1.4 `type=catalog`',
      '## 4. Webforms',
      '#### 6',
      'x 7.',
    ].join('\n'),
  );
  t.deepEqual([...sections].sort(), ['1', '1.4', '4', '6']);
});

test('a planted offence fails the check with its file and line; resolvable references pass', (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'gw-refs-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, 'gateway/edge'), { recursive: true });
  mkdirSync(path.join(root, 'test/fixtures'), { recursive: true });
  mkdirSync(path.join(root, 'node_modules/dep'), { recursive: true });
  writeFileSync(
    path.join(root, 'gateway/edge/README.md'),
    '# Edge\n\n## 2. Rules\n\n### 2.1 One\n',
  );
  writeFileSync(
    path.join(root, 'gateway/edge/ok.ts'),
    [
      `// Rules (gateway/edge/README.md ${SECTION}2.1, README.md ${SECTION}2, RFC 4791 ${SECTION}7.8).`,
      '// Known upstream: maxpoletaev/opencart-exchange1c#28. The issuer is https.',
      'export const ok = 1;',
    ].join('\n'),
  );
  writeFileSync(
    path.join(root, 'gateway/edge/bad.ts'),
    [
      '// Header line.',
      `// Limits (${ISSUE} 9): the cap.`,
      `// See gateway/edge/README.md ${SECTION}3 and webservices.md ${SECTION}2.`,
      'export const bad = 1;',
    ].join('\n'),
  );
  writeFileSync(path.join(root, 'test/fixtures/sample.ts'), `// ${ISSUE} 1\n`);
  writeFileSync(path.join(root, 'node_modules/dep/index.js'), `// ${ISSUE} 2\n`);
  const offences = checkRepository(root);
  t.is(offences.length, 3, offences.join('\n'));
  t.regex(offences[0] ?? '', /^gateway\/edge\/bad\.ts:2: "iss\w+ 9" names a tracker entry/);
  t.regex(offences[1] ?? '', /^gateway\/edge\/bad\.ts:3: .*README\.md has no section 3$/);
  t.regex(offences[2] ?? '', /^gateway\/edge\/bad\.ts:3: webservices\.md §2: no such file/);
  t.is(resolveMarkdownReference(root, 'gateway/edge/ok.ts', 'README.md'), 'gateway/edge/README.md');
  t.is(resolveMarkdownReference(root, 'gateway/edge/ok.ts', '../../../etc/x.md'), null);
});
