import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../http/errors.ts';
import { looksLikeUtf8 } from './read-file.ts';

/**
 * Uploaded files live in UPLOAD_DIR/<workspace>/<import id>.<csv|xlsx>: streamed to disk as they
 * arrive (never held in memory), hashed and measured on the way, refused past the size limit.
 */

export interface StoredUpload {
  /** A temporary path; `keepUpload` moves it to the import's place. */
  path: string;
  size: number;
  sha256: string;
}

export function uploadPath(uploadDir: string, workspaceId: string, importId: string, format: string): string {
  return join(uploadDir, workspaceId, `${importId}.${format}`);
}

export async function receiveUpload(
  body: Readable,
  options: { uploadDir: string; workspaceId: string; maxBytes: number },
): Promise<StoredUpload> {
  const directory = join(options.uploadDir, options.workspaceId);
  await mkdir(directory, { recursive: true });
  const path = join(directory, `upload-${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > options.maxBytes) {
        done(
          new AppError(
            'payload_too_large',
            `The file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB. Split it into several files.`,
          ),
        );
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, measure, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  if (size === 0) {
    await rm(path, { force: true });
    throw new AppError('bad_request', 'The request has no file: send the file itself as the request body.');
  }
  return { path, size, sha256: hash.digest('hex') };
}

/**
 * A CSV saved by Russian Excel is often Windows-1251. When the start of the file is not UTF-8, the
 * file is rewritten as UTF-8 so everything after reads one encoding. Returns true when converted.
 */
export async function convertToUtf8IfNeeded(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  const head = Buffer.alloc(64 * 1024);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  await handle.close();
  if (looksLikeUtf8(head.subarray(0, bytesRead))) return false;
  const decoder = new TextDecoder('windows-1251');
  const converted = `${path}.utf8`;
  await pipeline(
    createReadStream(path),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
      },
      flush(done) {
        done(null, Buffer.from(decoder.decode(), 'utf8'));
      },
    }),
    createWriteStream(converted),
  );
  await rename(converted, path);
  return true;
}

export async function keepUpload(temporary: string, final: string): Promise<void> {
  await rename(temporary, final);
}

export async function discardUpload(path: string): Promise<void> {
  await rm(path, { force: true });
}
