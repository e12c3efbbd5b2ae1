export type {
  ClaimRequest,
  Delivered,
  DeliveryLease,
  DeliveryLedger,
  LedgerClaim,
} from './delivery-ledger.ts';
export {
  DynamoDbDeliveryLedger,
  type DynamoDbDeliveryLedgerOptions,
  LEDGER_ATTRIBUTES,
  LEDGER_KEY_ATTRIBUTE,
  LEDGER_TTL_ATTRIBUTE,
  type LedgerCodec,
} from './dynamodb-delivery-ledger.ts';
export { DeliveryContentionError, DeliveryError, DeliveryInFlightError } from './errors.ts';
