// Field length limits over REST (store/records/field-limits.ts): a 9 MB lastname is refused with
// an error naming the field and leaves the store unchanged; 255 characters (also 255 non-ASCII
// ones) are stored, 256 are not; a description may be longer than a name, up to 65,535.
import test from 'ava';
import { adminClient, restGateway, storeCounts } from '../../helpers/rest-fixture.js';

test('lastname: 9 MB and 256 characters refused naming the field, 255 stored', async (t) => {
  t.timeout(60_000);
  const gw = await restGateway({ GATEWAY_BODY_LIMIT_BYTES: String(20 * 1024 * 1024) });
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const before = await storeCounts(gw.store);
  for (const lastname of ['x'.repeat(9 * 1024 * 1024), 'y'.repeat(256)]) {
    t.false(await admin.doCreate('Contacts', { lastname }));
    t.like(admin.lastError, {
      code: 'DATABASE_QUERY_ERROR',
      message: 'Field lastname: the value is longer than 255 characters',
    });
  }
  t.deepEqual(await storeCounts(gw.store), before, 'nothing stored');

  const exact = await admin.doCreate('Contacts', { lastname: 'z'.repeat(255) });
  t.truthy(exact, JSON.stringify(admin.lastError));
  t.is(exact && exact.lastname, 'z'.repeat(255));
  const wide = await admin.doCreate('Contacts', { lastname: '😀'.repeat(255) });
  t.truthy(wide, '255 characters outside the BMP are 510 UTF-16 units but 255 characters');

  const id = (exact && exact.id) || '';
  t.false(await admin.doRevise({ id, lastname: 'w'.repeat(300) }));
  t.like(admin.lastError, { message: 'Field lastname: the value is longer than 255 characters' });
  t.is(
    ((await admin.doRetrieve(id)) || { lastname: '' }).lastname,
    'z'.repeat(255),
    'update refused too',
  );

  t.truthy(await admin.doRevise({ id, description: 'd'.repeat(10_000) }), 'text fields are longer');
  t.false(await admin.doRevise({ id, description: 'd'.repeat(65_536) }));
  t.like(admin.lastError, {
    message: 'Field description: the value is longer than 65535 characters',
  });
});
