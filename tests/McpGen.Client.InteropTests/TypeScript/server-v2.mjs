// The TypeScript SDK v2's MCP server (@modelcontextprotocol/server 2.x, protocol revision 2026-07-28, with
// @modelcontextprotocol/node's adapter for node:http), set up as its README and type docs show. It stands in as the child
// agent of McpGen's delegation tests (DelegationInteropTests). The SDK has no server side of the tasks extension
// (io.modelcontextprotocol/tasks), so its tools answer tools/call synchronously or with input_required (MRTR).
//   node server-v2.mjs <port>      (Streamable HTTP at http://127.0.0.1:<port>/mcp)
// Tools: slow_square {n, ms?} (answers n*n after ms, default 300), confirm_square {n} (asks to confirm through
// input_required, then answers n*n), runs (JSON: how many runs of each tool started and finished, how many were aborted).
// McpGen.Client.InteropTests copies this file next to the node_modules it installs and starts it from there.
import { createServer } from 'node:http';
import { McpServer, createMcpHandler, inputRequired, acceptedContent } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { z } from 'zod';

const runs = { started: 0, slow_square: 0, confirm_square: 0, aborted: 0 };

function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); runs.aborted++; reject(new Error('aborted')); }, { once: true });
  });
}

function buildServer() {
  const server = new McpServer({ name: 'ts-v2-interop', version: '1.0.0' });
  server.registerTool('slow_square', { description: 'Squares n after ms milliseconds (300 by default).', inputSchema: z.object({ n: z.number().int(), ms: z.number().int().optional() }) },
    async ({ n, ms = 300 }, ctx) => {
      runs.started++;
      await delay(ms, ctx.mcpReq.signal);
      runs.slow_square++;
      return { content: [{ type: 'text', text: String(n * n) }] };
    });
  const confirmation = z.object({ confirm: z.boolean() });
  server.registerTool('confirm_square', { description: 'Asks to confirm, then squares n.', inputSchema: z.object({ n: z.number().int() }) },
    async ({ n }, ctx) => {
      const answer = acceptedContent(ctx.mcpReq.inputResponses, 'confirm', confirmation);
      if (answer === undefined) {
        return inputRequired({ inputRequests: { confirm: inputRequired.elicit({ message: 'Square ' + n + '?', requestedSchema: confirmation }) } });
      }
      runs.confirm_square++;
      return { content: [{ type: 'text', text: answer.confirm ? String(n * n) : 'declined' }] };
    });
  server.registerTool('runs', { description: 'How many times each tool finished a run.', inputSchema: z.object({}) },
    async () => ({ content: [{ type: 'text', text: JSON.stringify(runs) }] }));
  return server;
}

const port = Number(process.argv[2]);
const handler = toNodeHandler(createMcpHandler(() => buildServer()));
const http = createServer((req, res) => {
  if (!req.url.startsWith('/mcp')) { res.writeHead(404).end(); return; }
  Promise.resolve(handler(req, res)).catch(e => { if (!res.headersSent) res.writeHead(500).end(String(e)); });
});
http.listen(port, '127.0.0.1', () => console.error('listening on http://127.0.0.1:' + port + '/mcp'));
