/** The two database engines behind the one query layer (Kysely). */
export type Dialect = 'sqlite' | 'postgres';
