/** `/api/Client`: Halo's customers, `{record_count, clients}`; read-only in the emulator. */
import { flag, paginate, param, type RouteContext } from './context.js';
import { haloError, ok, type Reply } from './reply.js';

export function listClients(ctx: RouteContext): Reply {
  const search = param(ctx.query, 'search')?.toLowerCase();
  const includeInactive = flag(ctx.query, 'includeinactive');
  const rows = ctx.data.clients
    .filter((c) => includeInactive || !c.inactive)
    .filter((c) => search === undefined || c.name.toLowerCase().includes(search))
    .sort((a, b) => a.name.localeCompare(b.name));
  const { page, total } = paginate(rows, ctx.query, ctx.options.maxPageSize);
  return ok({ record_count: total, clients: page });
}

export function getClient(ctx: RouteContext, id: number): Reply {
  const found = ctx.data.clients.find((c) => c.id === id);
  return found === undefined ? haloError(404, `Client ${id} not found.`) : ok(found);
}
