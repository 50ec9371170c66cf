// Console pages a feature brings along (a bridge's link pages ...): the composition root hands
// them to the console in its deps, and the console router mounts each one after its own routes.
import type Router from '@koa/router';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';

export type ConsoleSection = (router: Router<ConsoleCtxState>, deps: ConsoleDeps) => void;
