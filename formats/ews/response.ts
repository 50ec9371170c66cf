// Reading EWS SOAP responses (EWS reference, "ResponseMessage", "ServerVersionInfo"): the server's
// version from the header, a soap:Fault (its faultstring and, when the detail carries one, the EWS
// ResponseCode such as ErrorInvalidServerVersion or ErrorServerBusy), and each ResponseMessage of
// the body with its class, code, text and the BackOffMilliseconds that ErrorServerBusy puts in
// MessageXml ("EWS throttling in Exchange"). Parsed with the one XML reader (DOCTYPE refused).
import { tryParseXml, type XmlElement } from '../webdav/parse-xml.js';
import { M_NS, SOAP_NS, T_NS } from './namespaces.js';

export type { XmlElement };

export interface ServerVersion {
  readonly major: number;
  readonly minor: number;
  readonly build: string;
  readonly version: string;
}

export interface ResponseMessage {
  readonly responseClass: 'Success' | 'Warning' | 'Error';
  readonly code: string;
  readonly text: string;
  /** ErrorServerBusy: how long the server asks the client to wait. */
  readonly backOffMs: number | null;
  readonly el: XmlElement;
}

export interface EwsResponse {
  readonly serverVersion: ServerVersion | null;
  readonly fault: {
    readonly message: string;
    readonly code: string | null;
    readonly backOffMs: number | null;
  } | null;
  readonly operation: XmlElement | null;
  readonly messages: readonly ResponseMessage[];
}

export const tChild = (el: XmlElement | undefined, name: string): XmlElement | undefined =>
  el?.children.find((c) => c.ns === T_NS && c.name === name);
export const tChildren = (el: XmlElement | undefined, name: string): XmlElement[] =>
  el ? el.children.filter((c) => c.ns === T_NS && c.name === name) : [];
export const mChild = (el: XmlElement | undefined, name: string): XmlElement | undefined =>
  el?.children.find((c) => c.ns === M_NS && c.name === name);
export const tText = (el: XmlElement | undefined, name: string): string | null => {
  const c = tChild(el, name);
  return c ? c.text.trim() : null;
};

/** Finds the first descendant of `el` with a local name, whatever its namespace. */
function find(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) {
    if (c.name === name) return c;
    const deeper = find(c, name);
    if (deeper) return deeper;
  }
  return undefined;
}

function backOff(el: XmlElement): number | null {
  const xml = el.children.find((c) => c.name === 'MessageXml') ?? find(el, 'MessageXml');
  if (!xml) return null;
  const value = find(xml, 'Value');
  const name = value?.attrs['Name'];
  if (!value || (name !== undefined && name !== 'BackOffMilliseconds')) return null;
  const ms = Number(value.text.trim());
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

export class EwsFormatError extends Error {}

/** Reads a whole response envelope; throws EwsFormatError when it is not one. */
export function readResponse(xml: string): EwsResponse {
  const { root, failure } = tryParseXml(xml);
  if (failure) throw new EwsFormatError(`not XML: ${failure.message}`);
  if (!root || root.ns !== SOAP_NS || root.name !== 'Envelope')
    throw new EwsFormatError('not a SOAP envelope');
  const header = root.children.find((c) => c.ns === SOAP_NS && c.name === 'Header');
  const body = root.children.find((c) => c.ns === SOAP_NS && c.name === 'Body');
  if (!body) throw new EwsFormatError('a SOAP envelope without a Body');
  const info = header ? tChild(header, 'ServerVersionInfo') : undefined;
  const serverVersion = info
    ? {
        major: Number(info.attrs['MajorVersion'] ?? 0),
        minor: Number(info.attrs['MinorVersion'] ?? 0),
        build: `${info.attrs['MajorBuildNumber'] ?? ''}.${info.attrs['MinorBuildNumber'] ?? ''}`,
        version: info.attrs['Version'] ?? '',
      }
    : null;
  const faultEl = body.children.find((c) => c.ns === SOAP_NS && c.name === 'Fault');
  if (faultEl) {
    const message = faultEl.children.find((c) => c.name === 'faultstring')?.text.trim() ?? '';
    const code = find(faultEl, 'ResponseCode')?.text.trim() ?? null;
    return {
      serverVersion,
      fault: { message, code, backOffMs: backOff(faultEl) },
      operation: null,
      messages: [],
    };
  }
  const operation = body.children[0] ?? null;
  const list = mChild(operation ?? undefined, 'ResponseMessages');
  const messages: ResponseMessage[] = (list?.children ?? []).map((el) => {
    const cls = el.attrs['ResponseClass'];
    return {
      responseClass: cls === 'Error' ? 'Error' : cls === 'Warning' ? 'Warning' : 'Success',
      code: mChild(el, 'ResponseCode')?.text.trim() ?? 'NoError',
      text: mChild(el, 'MessageText')?.text.trim() ?? '',
      backOffMs: backOff(el),
      el,
    };
  });
  return { serverVersion, fault: null, operation, messages };
}
