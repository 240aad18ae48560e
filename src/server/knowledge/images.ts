import { and, eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { AppError, notFound } from '../http/errors.ts';
import { type ImageType, knowledgeImages } from './schema.ts';

export const IMAGE_TYPES: ImageType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/** The file's own first bytes decide what it is, not the Content-Type it was sent with. */
export function sniffImageType(bytes: Buffer): ImageType | undefined {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return undefined;
}

export const imageUrl = (id: string) => `/api/v1/knowledge/images/${id}`;

/** Keeps an uploaded picture for articles in the database (decision 010). SVG is refused: it can carry scripts. */
export async function storeImage(db: Db, actor: Actor, bytes: Buffer) {
  if (bytes.length === 0) throw new AppError('bad_request', 'Send the image itself as the request body.');
  if (bytes.length > IMAGE_MAX_BYTES) throw new AppError('payload_too_large', 'Images may be up to 5 MB.');
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new AppError('unprocessable', 'Only PNG, JPEG, GIF and WebP images are accepted.');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(knowledgeImages)
      .values({
        workspaceId: actor.workspaceId,
        contentType,
        sizeBytes: bytes.length,
        bytes,
        uploadedBy: actor.userId,
      })
      .returning({ id: knowledgeImages.id });
    const image = { id: row!.id, url: imageUrl(row!.id), contentType, sizeBytes: bytes.length };
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: 'create',
      entityType: 'knowledge_image',
      entityId: row!.id,
      after: image,
    });
    return image;
  });
}

export async function loadImage(db: DbOrTx, actor: Actor, id: string) {
  const [row] = await db
    .select({ contentType: knowledgeImages.contentType, bytes: knowledgeImages.bytes })
    .from(knowledgeImages)
    .where(and(eq(knowledgeImages.workspaceId, actor.workspaceId), eq(knowledgeImages.id, id)));
  if (!row) throw notFound('Image');
  return row;
}
