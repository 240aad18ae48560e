import type { ImportKind, UploadedImport } from '../../contract/imports.ts';
import { ApiError, type FieldProblem, signalUnauthenticated } from '../api/client.ts';
import { contentTypeOf, fileFormatOf } from './import-file.ts';

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends the file itself as the request body (the API streams it to disk), with the Idempotency-Key
 * made when the file was chosen, so sending the same choice again answers the same import.
 * XMLHttpRequest rather than fetch: only it reports upload progress, which a 100 MB file needs.
 */
export function uploadImportFile(
  file: File,
  options: { kind: ImportKind; sourceKey?: string; idempotencyKey: string },
  onProgress: (progress: UploadProgress) => void,
): { done: Promise<UploadedImport>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const search = new URLSearchParams({ kind: options.kind, fileName: file.name });
  if (options.sourceKey?.trim()) search.set('sourceKey', options.sourceKey.trim());
  const done = new Promise<UploadedImport>((resolve, reject) => {
    xhr.open('POST', `/api/v1/imports?${search}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', contentTypeOf(fileFormatOf(file.name) ?? 'csv'));
    xhr.setRequestHeader('idempotency-key', options.idempotencyKey);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data as UploadedImport);
        return;
      }
      if (xhr.status === 401) signalUnauthenticated();
      const problem = (data ?? {}) as { code?: string; detail?: string; errors?: FieldProblem[] };
      reject(
        new ApiError(
          xhr.status,
          problem.code ?? 'error',
          problem.detail ?? xhr.statusText,
          problem.errors ?? [],
        ),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network', []));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'aborted', []));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
