import { serveRendererAsset } from '../core/static/renderer-files';

/**
 * The app:// handler: serves only files of the renderer build, each with the CSP header
 * (connect-src 'none': the renderer makes no network requests, main does). Item 18 of the
 * Electron checklist: no file:// anywhere.
 */
export function createAppProtocolHandler(rendererRoot: string) {
  return async (request: { url: string; method: string }): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 });
    const url = new URL(request.url);
    if (url.host !== 'console') return new Response('Not found', { status: 404 });
    const asset = await serveRendererAsset({ root: rendererRoot, connectSrc: [] }, url.pathname);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(asset.body), {
      status: asset.status,
      headers: asset.headers,
    });
  };
}
