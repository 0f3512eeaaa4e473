/**
 * A write's precondition (the http layer builds it from `If-Match`): called inside the write's
 * transaction with the resource's current representation, as this caller would receive it; it
 * throws (412) when the representation is not the one the caller last saw.
 */
export type Precondition = (current: unknown) => void;
