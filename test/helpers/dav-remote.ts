// The user editing their online calendar or address book directly, in Radicale on loopback, for
// the bridge tests (test/gateway/caldav-bridge/, test/gateway/carddav-bridge/): PUT, GET with the
// ETag, DELETE, and the members' hrefs by PROPFIND Depth 1. Every request is bounded in time.
export interface DavRemote {
  put(href: string, text: string, headers?: Record<string, string>): Promise<number>;
  get(href: string): Promise<{ status: number; body: string; etag: string | null }>;
  del(href: string): Promise<number>;
  /** hrefs of the collection's members with the extension, sorted. */
  list(collection: string): Promise<string[]>;
}

export function davRemote(
  authorization: string,
  contentType: string,
  extension: string,
): DavRemote {
  const signal = (): AbortSignal => AbortSignal.timeout(10_000);
  const member = new RegExp(`<(?:\\w+:)?href>([^<]+\\${extension})</(?:\\w+:)?href>`, 'g');
  return {
    put: async (href, text, headers = {}) =>
      (
        await fetch(href, {
          method: 'PUT',
          body: text,
          headers: { authorization, 'content-type': contentType, ...headers },
          signal: signal(),
        })
      ).status,
    get: async (href) => {
      const res = await fetch(href, { headers: { authorization }, signal: signal() });
      return { status: res.status, body: await res.text(), etag: res.headers.get('etag') };
    },
    del: async (href) =>
      (await fetch(href, { method: 'DELETE', headers: { authorization }, signal: signal() }))
        .status,
    list: async (collection) => {
      const res = await fetch(collection, {
        method: 'PROPFIND',
        headers: { authorization, depth: '1' },
        signal: signal(),
      });
      const xml = await res.text();
      return [...xml.matchAll(member)].map((m) => new URL(m[1] as string, collection).href).sort();
    },
  };
}
