/** Every id this backend hands out is a UUID (crypto.randomUUID); compared lowercased. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
