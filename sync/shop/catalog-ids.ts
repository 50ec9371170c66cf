// Stable Ид for what the CRM sends to a shop (sync/shop/README.md §4): the 1C Ид a record came
// with (its sync link of system '1c') wins, so a CRM fed by 1C feeds its shops under the same
// ids; a record of the CRM's own gets `crm-<record id>`, which never changes and lets an order
// line coming back from the shop find its record again. A variant is offered as
// `<product Ид>#<variant>` (CommerceML 2.08 Предложение/Ид; gateway/commerceml/README.md §2.3).

const OWN = /^crm-(\d{1,12})$/;

export function ownId(recordId: number): string {
  return `crm-${recordId}`;
}

export function itemId(recordId: number, remoteId: string | null): string {
  return remoteId ?? ownId(recordId);
}

/** The CRM record an Ид of the CRM's own names; null for every other Ид. */
export function recordOfOwnId(id: string): number | null {
  const m = OWN.exec(id.trim());
  return m ? Number(m[1]) : null;
}

/** The offer Ид of a variant: a 1C Ид that is already `product#characteristic` is kept. */
export function variantOfferId(
  parentId: string,
  recordId: number,
  remoteId: string | null,
): string {
  if (remoteId !== null && remoteId.includes('#')) return remoteId;
  return `${parentId}#${remoteId ?? ownId(recordId)}`;
}
