// The namespaces real Exchange servers use (http, not the https printed in older Microsoft docs,
// which Exchange refuses: test/fixtures/exchange-oracle/EWS.md), and the version every request pins.
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const M_NS = 'http://schemas.microsoft.com/exchange/services/2006/messages';
export const T_NS = 'http://schemas.microsoft.com/exchange/services/2006/types';

/**
 * Accepted by Exchange 2013 SP1, 2016, 2019 and Subscription Edition alike (EWS reference,
 * "RequestServerVersion"); Exchange 2019 refuses `Exchange2019` itself (exchange-oracle README).
 */
export const REQUEST_SERVER_VERSION = 'Exchange2013_SP1';
