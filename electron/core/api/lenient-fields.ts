import { z } from 'zod';

/**
 * Parsers for fields of WAPT server rows, lenient where real servers differ (PostgreSQL vs the
 * reference server's SQLite): absent or null values, numbers where text is expected, arrays as
 * lists or csv text, booleans as 0/1. The console-side row types stay strict.
 */
export const lenientText = z.preprocess(
  (v) => (v === undefined ? null : v),
  z
    .union([z.string(), z.number()])
    .nullable()
    .transform((v) => (v === null ? null : String(v))),
);

export const lenientNumber = z.preprocess(
  (v) => (v === undefined || v === '' ? null : v),
  z.coerce.number().nullable(),
);

export const lenientBoolean = z.preprocess(
  (v) => (v === undefined ? null : v),
  z
    .union([z.boolean(), z.literal(1), z.literal(0)])
    .nullable()
    .transform((v) => (v === null ? null : Boolean(v))),
);

export const lenientList = z.preprocess(
  (v) =>
    v === null || v === undefined
      ? []
      : typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
  z.array(z.union([z.string(), z.number()]).transform(String)),
);
