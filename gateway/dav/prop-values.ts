// Builders of structured property values (RFC 4918 §14.7 href, §15.9 resourcetype; RFC 3744
// §5.4 current-user-privilege-set) shared by the core and the areas.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { DAV_NS } from '../../formats/webdav/parse-xml.js';

export const href =
  (value: string) =>
  (el: XMLBuilder): void => {
    el.ele(DAV_NS, 'd:href').txt(value);
  };

export const elements =
  (...names: ReadonlyArray<readonly [string, string]>) =>
  (el: XMLBuilder): void => {
    for (const [ns, q] of names) el.ele(ns, q);
  };

const ALL = ['read', 'write', 'write-properties', 'write-content', 'bind', 'unbind'];

export function privileges(write: boolean) {
  return (el: XMLBuilder): void => {
    for (const p of write ? ALL : ['read']) el.ele(DAV_NS, 'd:privilege').ele(DAV_NS, `d:${p}`);
  };
}
