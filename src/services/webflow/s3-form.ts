import type { Request, Response } from 'express';
import multer, { type StorageEngine } from 'multer';
import type { FormParts } from '../../core/service/module.js';
import { s3Fail } from '../../core/files/s3-errors.js';

/**
 * The multipart form of an S3 browser POST, read as S3 reads it: fields before the file count (bounded
 * as S3 bounds them), the first `file` part is the object, and every later part is read and not kept.
 */
export const MAX_BYTES = 10 * 1024 * 1024; // Webflow: documents up to 10 MB, images up to 4 MB
/** S3's bound on the form fields before the file (MaxPostPreDataLength). */
const MAX_PRE_DATA = 20 * 1024;
export const preDataTooLarge = () =>
  s3Fail(400, 'MaxPostPreDataLengthExceededError', 'Your POST request fields preceding the upload file were too large.', [['MaxPostPreDataLength', String(MAX_PRE_DATA)]]);

/** A part sent as a file but named other than `file`: a field to S3, its value known once it is read. */
interface FieldPart {
  name: string;
  value: string;
}

/** A file part as the storage engine below keeps it: its bytes (up to the limit), its full size, and the fields before it. */
export interface Received {
  fieldname: string;
  buffer: Buffer;
  size: number;
  before: Record<string, unknown>;
  /** Field parts that started before it (they may end after it starts). */
  partsBefore: FieldPart[];
}

const fieldParts = new WeakMap<object, FieldPart[]>();

/**
 * Keeps each file in memory and notes which fields came before it: S3 ignores every field after the file.
 * A part named other than `file` is a field to S3, whatever its filename. What is kept is bounded: the
 * first file up to MAX_BYTES, a field part just past MAX_PRE_DATA, nothing of the parts after the file.
 */
const storage: StorageEngine = {
  _handleFile(req, file, cb) {
    const before = { ...(req.body as Record<string, unknown>) };
    let parts = fieldParts.get(req);
    if (!parts) fieldParts.set(req, (parts = []));
    const partsBefore = [...parts];
    const isFile = file.fieldname.toLowerCase() === 'file';
    const afterFile = parts.some((p) => p.name === '\0file');
    const keep = afterFile ? 0 : isFile ? MAX_BYTES : MAX_PRE_DATA + 1;
    const own: FieldPart = { name: isFile ? '\0file' : file.fieldname, value: '' };
    parts.push(own);
    const chunks: Buffer[] = [];
    let size = 0;
    file.stream.on('data', (c: Buffer) => {
      if (size + c.length <= keep) chunks.push(c);
      else if (size < keep) chunks.push(c.subarray(0, keep - size));
      size += c.length;
    });
    file.stream.on('error', cb);
    file.stream.on('end', () => {
      const buffer = Buffer.concat(chunks);
      if (!isFile) (req.body as Record<string, unknown>)[file.fieldname] = own.value = buffer.toString('utf8');
      const received: Omit<Received, 'fieldname'> = { buffer, size, before, partsBefore };
      cb(null, received as Partial<Express.Multer.File>);
    });
  },
  _removeFile(_req, _file, cb) {
    cb(null);
  },
};

/** The fields as sent: multer reads `a[x]` as `{a: {x}}`, which S3 sees as a field named `a[x]`. */
function* flatFields(sent: Record<string, unknown>, prefix?: string): Generator<[string, unknown]> {
  for (const [k, v] of Object.entries(sent)) {
    const name = prefix === undefined ? k : `${prefix}[${k}]`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) yield* flatFields(v as Record<string, unknown>, name);
    else yield [name, v];
  }
}

/** Form fields by lower-cased name (S3 matches names case-insensitively), each with its name as sent; repeats join with commas. */
export function fieldsOf(sent: Record<string, unknown>): Map<string, { name: string; value: string }> {
  const fields = new Map<string, { name: string; value: string }>();
  let preData = 0;
  for (const [name, v] of flatFields(sent)) {
    const value = Array.isArray(v) ? v.map(String).join(',') : typeof v === 'string' ? v : undefined;
    if (value === undefined) continue;
    if ((preData += name.length + value.length) > MAX_PRE_DATA) throw preDataTooLarge();
    const seen = fields.get(name.toLowerCase());
    fields.set(name.toLowerCase(), seen ? { name: seen.name, value: `${seen.value},${value}` } : { name, value });
  }
  return fields;
}

const form = multer({ storage, limits: { files: 10, fields: 50, fieldSize: MAX_PRE_DATA, fieldNameSize: 1024 } }).any();

/** Runs multer over the request; resolves with its error, if any (the request's body and files are multer's). */
export const parseForm = (req: Request, res: Response) => new Promise<unknown>((resolve) => form(req, res, (err?: unknown) => resolve(err)));

/** The fields and files of the form, without the file bytes, for the journal. */
export function journalForm(req: Request): FormParts {
  const out: FormParts = { fields: {}, files: [] };
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') Object.defineProperty(out.fields, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  for (const f of (req.files ?? []) as unknown as (Received & { originalname?: string; mimetype?: string })[]) {
    out.files.push({ field: f.fieldname, filename: String(f.originalname), contentType: String(f.mimetype), size: f.size });
  }
  return out;
}

