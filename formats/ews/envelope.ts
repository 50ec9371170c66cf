// SOAP 1.1 request envelopes for EWS (EWS reference, "EWS XML elements"): the header pins
// RequestServerVersion and, for a service account with the ApplicationImpersonation role, names
// the mailbox acted for (ExchangeImpersonation/ConnectingSID/SmtpAddress). Every envelope the tests
// capture is validated against Microsoft's XSDs (test/helpers/ews-oracle.ts).
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { M_NS, REQUEST_SERVER_VERSION, SOAP_NS, T_NS } from './namespaces.js';
import { x, type XNode } from './xml-node.js';

export interface EnvelopeOptions {
  /** The SMTP address to impersonate, for a connection with the ApplicationImpersonation role. */
  readonly impersonate?: string | null;
}

function nsOf(name: string): string {
  if (name.startsWith('m:')) return M_NS;
  if (name.startsWith('t:')) return T_NS;
  if (name.startsWith('soap:')) return SOAP_NS;
  throw new Error(`EWS element ${name} needs the m: or t: prefix`);
}

function write(parent: XMLBuilder, node: XNode): void {
  const el = parent.ele(nsOf(node.name), node.name);
  for (const [k, v] of Object.entries(node.attrs)) el.att(k, v);
  if (node.text !== null) el.txt(node.text);
  for (const c of node.children) write(el, c);
}

/** The whole request: header, then `body` (an `m:` operation element) in soap:Body. */
export function requestEnvelope(body: XNode, options: EnvelopeOptions = {}): string {
  const doc = create({ version: '1.0', encoding: 'utf-8' });
  const env = doc
    .ele(SOAP_NS, 'soap:Envelope')
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:m', M_NS)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:t', T_NS);
  const header = env.ele(SOAP_NS, 'soap:Header');
  write(header, x('t:RequestServerVersion', { Version: REQUEST_SERVER_VERSION }));
  if (options.impersonate)
    write(
      header,
      x('t:ExchangeImpersonation', {}, [
        x('t:ConnectingSID', {}, [x('t:SmtpAddress', {}, options.impersonate)]),
      ]),
    );
  write(env.ele(SOAP_NS, 'soap:Body'), body);
  return doc.end({ prettyPrint: false });
}

/** The SOAPAction header value of an operation (EWS servers route by the body, but clients send it). */
export const soapAction = (body: XNode): string =>
  `http://schemas.microsoft.com/exchange/services/2006/messages/${body.name.replace(/^m:/, '')}`;
