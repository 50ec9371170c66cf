// The client's view of 207 Multi-Status bodies (RFC 4918 §13): formats/webdav reads them; a body
// that is not a well-formed multistatus becomes CaldavError('malformed').
import {
  MalformedXml,
  parseMultistatus as readMultistatus,
  type Multistatus,
} from '../../formats/webdav/read-multistatus.js';
import { CaldavError } from './errors.js';

/** Parses a multistatus body; throws CaldavError('malformed') on anything else. */
export function parseMultistatus(body: string): Multistatus {
  try {
    return readMultistatus(body);
  } catch (err) {
    if (err instanceof MalformedXml)
      throw new CaldavError('malformed', `${err.message} from the CalDAV server`, undefined, {
        cause: err,
      });
    throw err;
  }
}
