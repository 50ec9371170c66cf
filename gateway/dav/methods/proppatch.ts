// PROPPATCH (RFC 4918 §9.2): set and remove instructions in document order, all or nothing. The
// resource decides each property (200, 403 not settable, 409 a bad value) and stores only when all
// succeed; when one fails the others are reported 424 Failed Dependency. A resource without
// settable properties answers 403 for each.
import { GatewayError } from '../../../store/errors.js';
import type { DavCore } from '../area.js';
import { XML_TYPE, type DavRequest, type DavResult } from '../request.js';
import { resolve } from '../resolve.js';
import type { PatchInstruction, PatchStatus } from '../resource.js';
import { propEl, statusLine, type PropName } from '../../../formats/webdav/multistatus.js';
import { DAV_NS, parseXml, type XmlElement } from '../../../formats/webdav/parse-xml.js';
import { create } from 'xmlbuilder2';

interface Outcome {
  readonly name: PropName;
  readonly status: PatchStatus;
}

function instructionsOf(root: XmlElement): PatchInstruction[] {
  const out: PatchInstruction[] = [];
  for (const op of root.children) {
    if (op.ns !== DAV_NS || (op.name !== 'set' && op.name !== 'remove')) continue;
    for (const el of op.children
      .filter((c) => c.ns === DAV_NS && c.name === 'prop')
      .flatMap((p) => p.children))
      out.push({ name: { ns: el.ns, name: el.name }, remove: op.name === 'remove', text: el.text });
  }
  return out;
}

function body(href: string, outcomes: readonly Outcome[]): string {
  const ms = create({ version: '1.0', encoding: 'utf-8' }).ele(DAV_NS, 'd:multistatus');
  const resp = ms.ele(DAV_NS, 'd:response');
  resp.ele(DAV_NS, 'd:href').txt(href);
  for (const status of [...new Set(outcomes.map((o) => o.status))]) {
    const ps = resp.ele(DAV_NS, 'd:propstat');
    const prop = ps.ele(DAV_NS, 'd:prop');
    for (const o of outcomes.filter((x) => x.status === status)) propEl(prop, o.name);
    ps.ele(DAV_NS, 'd:status').txt(statusLine(status));
  }
  return ms.end();
}

export async function proppatch(core: DavCore, req: DavRequest): Promise<DavResult> {
  const root = parseXml(req.body);
  if (!root || root.ns !== DAV_NS || root.name !== 'propertyupdate')
    throw new GatewayError('invalid_input', 'Expected a DAV:propertyupdate body');
  const resource = await resolve(core, req.principal, req.path);
  const instructions = instructionsOf(root);
  const statuses: readonly PatchStatus[] = resource.patch
    ? await resource.patch(instructions, req.principal)
    : instructions.map(() => 403);
  const failed = statuses.some((s) => s !== 200);
  const outcomes = instructions.map((ins, i) => {
    const s = statuses[i] ?? 403;
    return { name: ins.name, status: failed && s === 200 ? 424 : s };
  });
  return { status: 207, headers: { 'content-type': XML_TYPE }, body: body(req.path, outcomes) };
}
