// The gateway's error set (defined in store/errors.ts so that every layer can throw it).
export {
  GatewayError,
  isGatewayError,
  toGatewayError,
  type GatewayErrorKind,
} from '../store/errors.js';
