// mode=file (gateway/commerceml/README.md §1.4 step 1): the raw POST body is one part of
// `filename`, appended in arrival order; a part above file_limit or a full work folder is refused
// with failure. The folder cap is the user's, shared by all their sessions (user-quota.ts).
import type { Readable } from 'node:stream';
import type { CmlSession } from '../../../store/commerceml/exchange-repository.js';
import { GatewayError } from '../../errors.js';
import type { CmlDeps } from '../deps.js';
import { sessionFolderCap } from '../user-quota.js';

export async function file(
  deps: CmlDeps,
  session: CmlSession,
  filename: string | null,
  body: Readable,
): Promise<string> {
  if (!filename) throw new GatewayError('invalid_input', 'mode=file needs a filename');
  // A margin over file_limit: some 1C versions cut parts a few bytes larger than advertised.
  await deps.folder.append(
    session.token,
    filename,
    body,
    deps.fileLimit + 1024,
    await sessionFolderCap(deps, session),
  );
  return 'success';
}
