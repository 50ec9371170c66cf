// type=sale&mode=info (gateway/commerceml/README.md §1.5, Bitrix extra): an XML Справочник of the
// site's order statuses, pay systems and delivery services, which 1C reads to map its own. The CRM
// has order statuses (the SalesOrder sostatus picklist) but neither pay systems nor delivery
// services, so those lists are sent empty. Encoded as mode=query is (§1.1: the declaration matches
// the bytes).
import iconv from 'iconv-lite';
import { create } from 'xmlbuilder2';
import type { CmlDeps } from '../deps.js';
import { readCmlSettings } from '../settings.js';
import type { QueryAnswer } from './query.js';

export async function info(deps: CmlDeps): Promise<QueryAnswer> {
  const { encoding } = await readCmlSettings(deps.store);
  const root = create({
    version: '1.0',
    encoding: encoding === 'utf-8' ? 'UTF-8' : 'windows-1251',
  }).ele('Справочник');
  const statuses = root.ele('Статусы');
  for (const status of await deps.store.picklists.values('SalesOrder', 'sostatus')) {
    statuses.ele('Элемент').ele('Ид').txt(status).up().ele('Название').txt(status);
  }
  root.ele('ПлатежныеСистемы').up().ele('СлужбыДоставки');
  const xml = root.end({ prettyPrint: true });
  return {
    body: encoding === 'utf-8' ? Buffer.from(xml, 'utf8') : iconv.encode(xml, 'win1251'),
    contentType: `application/xml; charset=${encoding}`,
  };
}
