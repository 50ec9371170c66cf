// Writing the EWS double's SOAP answers: escaped text and attributes, elements of the parsed
// request written back as they came (items are stored as the client's own elements), and the
// envelope real servers send: ServerVersionInfo of an Exchange 2016 CU in the header (the shape of
// the recorded responses in test/fixtures/exchange-oracle/ews-recorded/).
import { M_NS, SOAP_NS, T_NS } from '../../../formats/ews/namespaces.js';
import type { XmlElement } from '../../../formats/ews/response.js';

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function el(
  name: string,
  attrs: Readonly<Record<string, string>> = {},
  content: string | readonly string[] = [],
): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join('');
  const inner = typeof content === 'string' ? escape(content) : content.join('');
  return inner === '' ? `<${name}${a}/>` : `<${name}${a}>${inner}</${name}>`;
}

/** An element of a parsed request written back with the t:/m: prefixes. */
export function write(e: XmlElement): string {
  const prefix = e.ns === T_NS ? 't:' : e.ns === M_NS ? 'm:' : '';
  return el(`${prefix}${e.name}`, e.attrs, e.children.length > 0 ? e.children.map(write) : e.text);
}

export function envelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<s:Envelope xmlns:s="${SOAP_NS}"><s:Header>` +
    `<h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="${T_NS}"/>` +
    `</s:Header><s:Body>${body}</s:Body></s:Envelope>`
  );
}

/** `<m:XResponse><m:ResponseMessages>…</m:ResponseMessages></m:XResponse>` with the namespaces. */
export function operationResponse(operation: string, messages: readonly string[]): string {
  return el(`m:${operation}Response`, { 'xmlns:m': M_NS, 'xmlns:t': T_NS }, [
    el('m:ResponseMessages', {}, messages),
  ]);
}

export function success(operation: string, content: readonly string[] = []): string {
  return el(`m:${operation}ResponseMessage`, { ResponseClass: 'Success' }, [
    el('m:ResponseCode', {}, 'NoError'),
    ...content,
  ]);
}

export function failure(operation: string, code: string, text: string): string {
  return el(`m:${operation}ResponseMessage`, { ResponseClass: 'Error' }, [
    el('m:MessageText', {}, text),
    el('m:ResponseCode', {}, code),
    el('m:DescriptiveLinkKey', {}, '0'),
  ]);
}

/** A SOAP fault as Exchange sends it (HTTP 500), with the EWS code and, for throttling, the wait. */
export function fault(code: string, text: string, backOffMs: number | null = null): string {
  const E = 'http://schemas.microsoft.com/exchange/services/2006/errors';
  return envelope(
    el('s:Fault', {}, [
      el('faultcode', { 'xmlns:a': T_NS }, `a:${code}`),
      el('faultstring', { 'xml:lang': 'en-US' }, text),
      el('detail', {}, [
        el('e:ResponseCode', { 'xmlns:e': E }, code),
        el('e:Message', { 'xmlns:e': E }, text),
        ...(backOffMs !== null
          ? [
              el('t:MessageXml', { 'xmlns:t': T_NS }, [
                el('t:Value', { Name: 'BackOffMilliseconds' }, String(backOffMs)),
              ]),
            ]
          : []),
      ]),
    ]),
  );
}
