import http from 'node:http';
import type { HttpClientKind } from './options.ts';

/** GET that reads the whole body; both clients keep connections alive between requests. */
export interface HttpClient {
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): void;
}

/**
 * `http` is node:http with a keep-alive agent; `fetch` is Node's built-in fetch (undici). On a
 * small machine the load generator shares the cores with the app and PostgreSQL, and fetch costs
 * noticeably more CPU per request, which shows up as app latency; hence http is the default.
 */
export function httpClient(baseUrl: string, kind: HttpClientKind): HttpClient {
  if (kind === 'fetch') {
    return {
      async get(path, headers = {}) {
        const response = await fetch(`${baseUrl}${path}`, { headers });
        return { status: response.status, body: await response.text() };
      },
      close() {},
    };
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  return {
    get(path, headers = {}) {
      return new Promise((resolve, reject) => {
        http
          .get(`${baseUrl}${path}`, { agent, headers }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
            );
            response.on('error', reject);
          })
          .on('error', reject);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
