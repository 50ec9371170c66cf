// Bench contacts for `npm run bench:carddav`: vCard 3.0 cards as phones and vdirsyncer write them
// (names, e-mail, typed phones, an address, a birthday, some without a year), the same bytes for
// the gateway and Radicale.
export interface BenchCard {
  readonly name: string;
  readonly vcf: string;
}

export function benchCard(i: number, note = ''): BenchCard {
  const uid = `bench-${String(i).padStart(6, '0')}`;
  const month = String((i % 12) + 1).padStart(2, '0');
  const day = String((i % 28) + 1).padStart(2, '0');
  const bday =
    i % 5 === 0
      ? `BDAY;X-APPLE-OMIT-YEAR=1604:1604-${month}-${day}`
      : `BDAY:19${60 + (i % 40)}-${month}-${day}`;
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:${uid}`,
    `N:Person${i};Bench;;;`,
    `FN:Bench Person${i}`,
    `EMAIL;TYPE=INTERNET,WORK:person${i}@example.org`,
    `TEL;TYPE=CELL,VOICE:+49 170 ${String(i).padStart(7, '0')}`,
    `TEL;TYPE=WORK,VOICE:+49 30 ${String(i).padStart(7, '0')}`,
    `ADR;TYPE=WORK:;;Street ${i};Berlin;;10${String(i % 1000).padStart(3, '0')};Germany`,
    bday,
    'item1.X-ABLabel:bench',
    ...(note ? [`NOTE:${note}`] : []),
    'END:VCARD',
    '',
  ];
  return { name: `${uid}.vcf`, vcf: lines.join('\r\n') };
}

export const benchCards = (count: number): BenchCard[] =>
  Array.from({ length: count }, (_, i) => benchCard(i));
