// The operation registries of both edges. vtiger (gateway/rest/README.md §2, DefaultDataPopulator):
// the HTTP method decides where parameters are read from (GET: the query string only, POST: the
// form body only, as OperationManager does), and pre-login operations need no sessionName.
// vtenext (§6, VTERestApi::$restOperations): POST routes by REST name, the parameters each needs
// (a missing one is MissingRequiredArgumentException), and whether it writes (a read-only
// bearer token may not call it).
import type { OperationRun } from './deps.js';
import { addRelated } from './operations/add-related.js';
import { convertLead } from './operations/convertlead.js';
import { create } from './operations/create.js';
import { deleteRecord } from './operations/delete.js';
import { describe } from './operations/describe.js';
import { extendSession } from './operations/extendsession.js';
import { freeBusyOp } from './operations/freebusy.js';
import { getChallenge } from './operations/getchallenge.js';
import { listTypes } from './operations/listtypes.js';
import { login } from './operations/login.js';
import { logout } from './operations/logout.js';
import { queryRelated } from './operations/query-related.js';
import { query } from './operations/query.js';
import { relatedTypes } from './operations/relatedtypes.js';
import { retrieveInventory } from './operations/retrieve-inventory.js';
import { retrieveRelated } from './operations/retrieve-related.js';
import { retrieve } from './operations/retrieve.js';
import { revise } from './operations/revise.js';
import { sync } from './operations/sync.js';
import { updateRecord } from './operations/update-record.js';
import { update } from './operations/update.js';
import { whatsappSend } from './operations/whatsapp-send.js';

export interface VtigerOperation {
  readonly method: 'GET' | 'POST';
  readonly preLogin: boolean;
  readonly run: OperationRun;
}

const op = (method: 'GET' | 'POST', run: OperationRun, preLogin = false): VtigerOperation => ({
  method,
  preLogin,
  run,
});

export const VTIGER_OPERATIONS: ReadonlyMap<string, VtigerOperation> = new Map([
  ['getchallenge', op('GET', getChallenge, true)],
  ['login', op('POST', login, true)],
  ['logout', op('POST', logout)],
  ['extendsession', op('POST', extendSession, true)],
  ['listtypes', op('GET', listTypes)],
  ['describe', op('GET', describe)],
  ['create', op('POST', create)],
  ['retrieve', op('GET', retrieve)],
  ['update', op('POST', update)],
  ['revise', op('POST', revise)],
  ['delete', op('POST', deleteRecord)],
  ['query', op('GET', query)],
  ['sync', op('GET', sync)],
  ['convertlead', op('POST', convertLead)],
  ['relatedtypes', op('GET', relatedTypes)],
  ['retrieve_related', op('GET', retrieveRelated)],
  ['query_related', op('GET', queryRelated)],
  ['add_related', op('POST', addRelated)],
  ['retrieve_inventory', op('GET', retrieveInventory)],
  ['whatsapp_send', op('POST', whatsappSend)],
  ['freebusy', op('GET', freeBusyOp)],
]);

export interface VtenextRoute {
  readonly run: OperationRun;
  readonly required: readonly string[];
  readonly writes: boolean;
}

const route = (run: OperationRun, required: readonly string[], writes = false): VtenextRoute => ({
  run,
  required,
  writes,
});

export const VTENEXT_ROUTES: ReadonlyMap<string, VtenextRoute> = new Map([
  ['retrieve', route(retrieve, ['id'])],
  ['create', route(create, ['elementType', 'element'], true)],
  ['delete', route(deleteRecord, ['id'], true)],
  ['query', route(query, ['query'])],
  ['listtypes', route(listTypes, [])],
  ['describe', route(describe, ['elementType'])],
  ['convertlead', route(convertLead, ['element'], true)],
  ['revise', route(revise, ['element'], true)],
  ['update', route(updateRecord, ['id', 'columns'], true)],
  ['retrieveinventory', route(retrieveInventory, ['id'])],
  ['whatsappsend', route(whatsappSend, [], true)],
  ['freebusy', route(freeBusyOp, ['start', 'end'])],
]);
