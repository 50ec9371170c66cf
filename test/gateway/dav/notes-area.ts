// A second collection type for the WebDAV core, in memory and for tests only: plain-text notes in
// named collections under /dav/notes/<user>/<collection>/<name>, with a change log of its own so
// each collection's sync token moves only with its own notes (RFC 6578). It implements only the
// core's interfaces and registers as a DavArea: what a CardDAV area would have to write.
import { GatewayError } from '../../../store/errors.js';
import type { DavArea } from '../../../gateway/dav/area.js';
import { tokenUri } from '../../../gateway/dav/methods/sync-collection.js';
import { elements } from '../../../gateway/dav/prop-values.js';
import type { DavPrincipal } from '../../../gateway/dav/request.js';
import {
  key,
  type ChangePage,
  type DavResource,
  type PropTable,
  type SyncChange,
  type SyncCollection,
} from '../../../gateway/dav/resource.js';
import { DAV_NS } from '../../../formats/webdav/namespaces.js';

interface NoteChange {
  readonly seq: number;
  readonly collection: string;
  readonly name: string;
}

/** The notes and their change log. */
export class NoteBook {
  seq = 0;
  readonly changes: NoteChange[] = [];
  readonly collections = new Map<string, Map<string, string>>();
  readonly readOnly = new Set<string>();

  put(collection: string, name: string, text: string): void {
    const notes = this.collections.get(collection) ?? new Map<string, string>();
    notes.set(name, text);
    this.collections.set(collection, notes);
    this.changes.push({ seq: ++this.seq, collection, name });
  }

  remove(collection: string, name: string): void {
    this.collections.get(collection)?.delete(name);
    this.changes.push({ seq: ++this.seq, collection, name });
  }
}

type Note = DavResource & { readonly name: string };

const etagOf = (text: string): string => `"${Buffer.from(text).toString('base64url')}"`;

function note(base: string, name: string, text: string): Note {
  const etag = etagOf(text);
  return {
    href: `${base}${encodeURIComponent(name)}`,
    name,
    content: { type: 'text/plain; charset=utf-8', etag, body: text },
    props: (t) => {
      t.set(key(DAV_NS, 'resourcetype'), () => undefined);
      t.set(key(DAV_NS, 'getetag'), etag);
      t.set(key(DAV_NS, 'getcontenttype'), 'text/plain; charset=utf-8');
    },
  };
}

class NoteCollection implements SyncCollection<Note> {
  readonly kind = 'collection';

  constructor(
    private readonly book: NoteBook,
    readonly href: string,
    private readonly name: string,
  ) {}

  private get notes(): Map<string, string> {
    return this.book.collections.get(this.name) ?? new Map();
  }

  props(t: PropTable): void {
    t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:collection']));
    t.set(key(DAV_NS, 'displayname'), `Notes: ${this.name}`);
    t.set(key(DAV_NS, 'sync-token'), tokenUri(this.position()));
  }

  private position(): number {
    const own = this.book.changes.filter((c) => c.collection === this.name);
    return own[own.length - 1]?.seq ?? 0;
  }

  async members(): Promise<Note[]> {
    return [...this.notes].map(([n, text]) => note(this.href, n, text));
  }

  async member(name: string): Promise<Note | null> {
    const text = this.notes.get(name);
    return text === undefined ? null : note(this.href, name, text);
  }

  checkWrite(): void {
    if (this.book.readOnly.has(this.name))
      throw new GatewayError('forbidden', `${this.name} is read-only`, {
        dav: { precondition: { ns: DAV_NS, name: 'need-privileges' } },
      });
  }

  async remove(member: Note): Promise<void> {
    this.book.remove(this.name, member.name);
  }

  async token(): Promise<number> {
    return this.position();
  }

  async changesSince(since: number, upTo: number, limit: number): Promise<ChangePage<Note>> {
    const own = this.book.changes.filter(
      (c) => c.collection === this.name && c.seq > since && c.seq <= upTo,
    );
    const page = own.slice(0, limit);
    const last = new Map<string, number>();
    for (const c of page) {
      last.delete(c.name);
      last.set(c.name, c.seq);
    }
    const changes: Array<SyncChange<Note>> = [...last.keys()].map((n) => {
      const text = this.notes.get(n);
      return text === undefined
        ? { removed: `${this.href}${encodeURIComponent(n)}` }
        : { member: note(this.href, n, text) };
    });
    const cut = own.length > limit ? page[page.length - 1] : undefined;
    return { changes, cutAt: cut ? cut.seq : null };
  }
}

export function notesArea(book: NoteBook): DavArea {
  return {
    segment: 'notes',
    davClasses: [],
    allow: [],
    async resolve(p: DavPrincipal, path: string): Promise<DavResource | null> {
      const home = `/dav/notes/${encodeURIComponent(p.user.userName)}/`;
      if (!path.startsWith(home)) return null;
      const [collection, name, ...rest] = path.slice(home.length).split('/');
      if (rest.length > 0) return null;
      if (!collection)
        return {
          href: home,
          props: (t) => t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:collection'])),
          children: async () =>
            [...book.collections.keys()].map((c) => new NoteCollection(book, `${home}${c}/`, c)),
        };
      if (!book.collections.has(collection)) return null;
      const c = new NoteCollection(book, `${home}${collection}/`, collection);
      if (name === undefined) return null;
      return name === '' ? c : c.member(decodeURIComponent(name));
    },
  };
}
