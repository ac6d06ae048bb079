/**
 * Which handler answers a request under /api: `/api/authinfo` without a token, everything else
 * only with a token holding the scope it needs; `{resource}` and `{resource}/{id}`, nothing deeper.
 */
import { deleteAttachment, getAttachment, listAttachments, saveAttachments } from './attachments.js';
import { getClient, listClients } from './clients.js';
import type { RouteContext } from './context.js';
import { deleteFaqList, getFaqList, listFaqLists, saveFaqLists } from './faq-lists.js';
import { deleteArticle, getArticle, listArticles, saveArticles } from './kb-articles.js';
import { haloError, ok, type Reply } from './reply.js';
import { requiredScope, type TokenRegistry } from './tokens.js';

/** Route the path segments after `/api` (lower case); `origin` is the emulator's own, for /api/authinfo. */
export function routeApi(method: string, segments: string[], ctx: RouteContext, authorization: string | undefined, tokens: TokenRegistry, origin: string): Reply {
  const settings = ctx.options;
  const [resource = '', idText, extra] = segments;
  if (resource === 'authinfo' && method === 'GET' && settings.authinfo) {
    // Real Halo's reply shape is inferred from what the PowerShell module reads.
    return ok({ auth_url: `${origin}${settings.authPath}`, tenant_id: settings.tenant });
  }
  const denied = tokens.check(authorization, requiredScope(method, resource));
  if (denied !== undefined) return denied;
  if (extra !== undefined) return haloError(404, 'No route matches the request.');
  let id: number | undefined;
  if (idText !== undefined) {
    if (!/^\d+$/.test(idText)) return haloError(400, `The value '${idText}' is not valid.`);
    id = Number(idText);
  }
  const route = `${method} ${resource}${id === undefined ? '' : '/:id'}`;
  switch (route) {
    case 'GET kbarticle':
      return listArticles(ctx);
    case 'POST kbarticle':
      return saveArticles(ctx);
    case 'GET kbarticle/:id':
      return getArticle(ctx, id ?? 0);
    case 'DELETE kbarticle/:id':
      return deleteArticle(ctx, id ?? 0);
    case 'GET faqlists':
      return listFaqLists(ctx);
    case 'POST faqlists':
      return saveFaqLists(ctx);
    case 'GET faqlists/:id':
      return getFaqList(ctx, id ?? 0);
    case 'DELETE faqlists/:id':
      return deleteFaqList(ctx, id ?? 0);
    case 'GET attachment':
      return listAttachments(ctx);
    case 'POST attachment':
      return saveAttachments(ctx);
    case 'GET attachment/:id':
      return getAttachment(ctx, id ?? 0);
    case 'DELETE attachment/:id':
      return deleteAttachment(ctx, id ?? 0);
    case 'GET client':
      return listClients(ctx);
    case 'GET client/:id':
      return getClient(ctx, id ?? 0);
    default:
      return haloError(404, 'No route matches the request.');
  }
}
