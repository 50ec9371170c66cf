// An address book (RFC 6352 §5.2) as a WebDAV SyncCollection (RFC 6578): members are its cards;
// its token is the last change of its module, so writes to other modules leave it; changes come
// from the change log (changes.ts).
import { GatewayError } from '../../store/errors.js';
import type { VcardVersion } from '../../formats/vcard/card.js';
import type { XmlElement } from '../../formats/webdav/parse-xml.js';
import { askedVersion } from './negotiate.js';
import { tokenUri } from '../dav/methods/sync-collection.js';
import type { ChangePage, PropTable, SyncCollection } from '../dav/resource.js';
import { bookCards, loadByName, needWrite, type DavBook } from './books.js';
import { changesSince } from './changes.js';
import type { CarddavDeps, DavPrincipal } from './deps.js';
import { bookHref } from './paths.js';
import { bookProps } from './props.js';
import { cardResource, type CardResource } from './resources.js';

export class AddressBookCollection implements SyncCollection<CardResource> {
  readonly kind = 'collection';
  readonly href: string;

  private constructor(
    private readonly deps: CarddavDeps,
    readonly book: DavBook,
    private readonly position: number,
    /** The vCard version members are reported in (RFC 6352 §10.4 address-data). */
    private readonly version: VcardVersion = '3.0',
  ) {
    this.href = bookHref(book.userName, book.slug);
  }

  static async open(deps: CarddavDeps, book: DavBook): Promise<AddressBookCollection> {
    return new AddressBookCollection(
      deps,
      book,
      await deps.store.changeLog.latestSeq([book.module]),
    );
  }

  /** sync-collection with `<card:address-data version="4.0"/>` reports 4.0 cards. */
  forReport(root: XmlElement): AddressBookCollection {
    return new AddressBookCollection(this.deps, this.book, this.position, askedVersion(root));
  }

  props(t: PropTable): void {
    bookProps(t, this.book, tokenUri(this.position), this.deps.limits.maxResourceBytes);
  }

  async members(): Promise<CardResource[]> {
    return (await bookCards(this.deps, this.book)).map((c) =>
      cardResource(this.book, c, this.version),
    );
  }

  async member(name: string): Promise<CardResource | null> {
    const card = await loadByName(this.deps, this.book, name);
    return card ? cardResource(this.book, card, this.version) : null;
  }

  checkWrite(): void {
    needWrite(this.book);
  }

  /** DELETE (RFC 4918 §9.6): the Contact goes to the recycle bin, whose change sync reports as a 404. */
  async remove(member: CardResource, p: DavPrincipal): Promise<void> {
    if (member.book.slug !== this.book.slug)
      throw new GatewayError('not_found', `No card at ${member.href}`);
    await this.deps.writer.remove(p.actor, this.book.module, member.card.recordId);
  }

  async token(): Promise<number> {
    return this.position;
  }

  changesSince(since: number, upTo: number, limit: number): Promise<ChangePage<CardResource>> {
    return changesSince(this.deps, this.book, since, upTo, limit, this.version);
  }
}
