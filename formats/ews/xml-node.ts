// A small tree for the SOAP requests the bridge writes: qualified names with the `m:` (messages)
// or `t:` (types) prefix, attributes, and text or children. envelope.ts serialises it with
// xmlbuilder2, which escapes text and attribute values.
export interface XNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly text: string | null;
  readonly children: readonly XNode[];
}

/** An element: `x('t:Subject', {}, 'Hello')` or `x('m:ItemIds', {}, [x('t:ItemId', { Id })])`. */
export function x(
  name: string,
  attrs: Readonly<Record<string, string>> = {},
  content: string | readonly (XNode | null)[] = [],
): XNode {
  return typeof content === 'string'
    ? { name, attrs, text: content, children: [] }
    : {
        name,
        attrs,
        text: null,
        children: content.filter((c): c is XNode => c !== null),
      };
}
