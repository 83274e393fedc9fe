/** Tables of the retention module (legal holds, purge runs); merged into VigilSchema. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RetentionTables {}
