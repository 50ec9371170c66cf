// One CommerceML catalog file imported for the default 1C connection, as the 1C endpoint does at
// mode=import (gateway/commerceml/README.md), without its progress reports.
import { importCatalog, type CatalogImportInput } from '../../gateway/commerceml/catalog-import.js';

export function importFile(
  store: CatalogImportInput['store'],
  admin: CatalogImportInput['actor'],
  file: string,
  workDir: string,
): ReturnType<typeof importCatalog> {
  return importCatalog({
    store,
    actor: admin,
    connection: 'default',
    file,
    workDir,
    onProgress: () => Promise.resolve(),
  });
}
