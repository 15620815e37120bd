// Where a function URL is reached. AWS hands out `https://<url-id>.lambda-url.<region>.on.aws/`;
// Nubis answers on its one port, so it hands out `http://<url-id>.lambda-url.<region>.localhost:<port>/`
// (`*.localhost` resolves to loopback) and serves any Host `<url-id>.lambda-url.<region>.<anything>`.
// Clients that cannot set Host use the path form `/_nubis/lambda-url/<url-id>/<path>`.
import type { PlatformConfig } from '../../core/service.js';

const HOST = /^(?<id>[a-z0-9]+)\.lambda-url\.(?<region>[a-z0-9-]+)\.[^\s/]+$/;
const PATH_FORM = /^\/_nubis\/lambda-url\/(?<id>[a-z0-9]+)(?<rest>\/.*)?$/;

export interface UrlTarget {
  urlId: string;
  /** Named by the host form only. */
  region: string | undefined;
  /** The path the function sees (`rawPath`). */
  path: string;
  /** `requestContext.domainName`. */
  domainName: string | undefined;
}

export function urlTarget(request: { path: string; host: string | undefined }): UrlTarget | undefined {
  const byPath = PATH_FORM.exec(request.path)?.groups;
  if (byPath) {
    return {
      urlId: byPath['id'] ?? '',
      region: undefined,
      path: byPath['rest'] ?? '/',
      domainName: undefined,
    };
  }
  const host = (request.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const byHost = HOST.exec(host)?.groups;
  if (!byHost) return undefined;
  return { urlId: byHost['id'] ?? '', region: byHost['region'], path: request.path, domainName: host };
}

export function functionUrl(config: PlatformConfig, urlId: string, region: string): string {
  return `http://${urlId}.lambda-url.${region}.localhost:${config.port}/`;
}
