// The TypeScript SDK's MCP server (@modelcontextprotocol/sdk from npm), set up as its README shows, with the same
// primitives as the official C# SDK fixture: echo, add, forecast (structured output), fail, notes://{id}, greet.
//   node server.mjs stdio
//   node server.mjs http <port> stateless|stateful      (Streamable HTTP at http://127.0.0.1:<port>/mcp)
// McpGen.Client.InteropTests copies this file next to the node_modules it installs and starts it from there.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ElicitResultSchema, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

let cancelled = 0;

function buildServer() {
  const server = new McpServer({ name: 'ts-interop', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes the message.', inputSchema: { message: z.string() } },
    async ({ message }) => ({ content: [{ type: 'text', text: message }] }));
  server.registerTool('add', { description: 'Adds two integers.', inputSchema: { a: z.number().int(), b: z.number().int() } },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
  const day = z.object({ day: z.number().int(), highCelsius: z.number(), sky: z.string() });
  server.registerTool('forecast', {
    description: 'A made-up forecast.',
    inputSchema: { city: z.string(), days: z.number().int().optional() },
    outputSchema: { city: z.string(), days: z.array(day) },
  }, async ({ city, days = 2 }) => {
    const forecast = { city, days: Array.from({ length: days }, (_, d) => ({ day: d, highCelsius: 20.5 + d, sky: d % 2 === 0 ? 'sunny' : 'cloudy' })) };
    return { content: [{ type: 'text', text: JSON.stringify(forecast) }], structuredContent: forecast };
  });
  server.registerTool('slow', { description: 'Waits up to a minute; counts the calls cancelled meanwhile.', inputSchema: {} },
    async (_args, extra) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ content: [{ type: 'text', text: 'done' }] }), 60_000);
      extra.signal.addEventListener('abort', () => { clearTimeout(timer); cancelled++; reject(new Error('cancelled')); });
    }));
  server.registerTool('cancelled', { description: 'How many slow calls were cancelled.', inputSchema: {} },
    async () => ({ content: [{ type: 'text', text: String(cancelled) }] }));
  server.registerTool('steps', { description: 'Reports progress once per step, then answers.', inputSchema: { count: z.number().int() } },
    async ({ count }, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (let i = 1; i <= count; i++) {
        if (progressToken !== undefined) {
          await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: i, total: count, message: 'step ' + i } });
        }
      }
      return { content: [{ type: 'text', text: count + ' steps' }] };
    });
  server.registerTool('confirm', { description: 'Asks the user to confirm (elicitation), then answers.', inputSchema: { item: z.string() } },
    async ({ item }, extra) => {
      // extra.sendRequest ties the question to the tool call, so over HTTP it travels on the call's event stream.
      // (server.server.elicitInput() would send it on the optional GET stream, which McpGen's client does not open.)
      const answer = await extra.sendRequest({ method: 'elicitation/create', params: {
        message: 'Delete ' + item + '?',
        requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean' } }, required: ['confirm'] },
      } }, ElicitResultSchema);
      return { content: [{ type: 'text', text: (answer.action === 'accept' && answer.content?.confirm === true ? 'deleted ' : 'kept ') + item }] };
    });
  server.registerTool('fail', { description: 'Always fails with the reason given.', inputSchema: { why: z.string() } },
    async ({ why }) => { throw new Error('refused: ' + why); });
  // The SDK parses the URI with WHATWG URL, which percent-encodes non-ASCII characters; the id is decoded back.
  server.registerResource('note', new ResourceTemplate('notes://{id}', { list: undefined }), { description: 'A note by id.', mimeType: 'text/plain' },
    async (uri, { id }) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'note ' + decodeURIComponent(id) }] }));
  server.registerPrompt('greet', { description: 'Greets someone.', argsSchema: { name: z.string() } },
    ({ name }) => ({ messages: [{ role: 'user', content: { type: 'text', text: 'Say hello to ' + name + '.' } }] }));
  return server;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length === 0 ? undefined : JSON.parse(text);
}

const [mode, portText, httpMode] = process.argv.slice(2);
if (mode === 'stdio') {
  await buildServer().connect(new StdioServerTransport());
} else if (mode === 'http') {
  const sessions = new Map();
  const http = createServer(async (req, res) => {
    try {
      if (!req.url.startsWith('/mcp')) { res.writeHead(404).end(); return; }
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      if (httpMode === 'stateless') {
        if (req.method !== 'POST') { res.writeHead(405).end(); return; }
        const server = buildServer();
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on('close', () => { transport.close(); server.close(); });
        await server.connect(transport);
        await transport.handleRequest(req, res, body);
        return;
      }

      const sessionId = req.headers['mcp-session-id'];
      let transport = sessionId ? sessions.get(sessionId) : undefined;
      if (!transport && req.method === 'POST' && !sessionId && isInitializeRequest(body)) {
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: id => sessions.set(id, transport),
        });
        transport.onclose = () => { if (transport.sessionId) sessions.delete(transport.sessionId); };
        await buildServer().connect(transport);
      }

      if (!transport) {
        res.writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: No valid session ID provided' }, id: null }));
        return;
      }

      await transport.handleRequest(req, res, body);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    }
  });
  http.listen(Number(portText), '127.0.0.1', () => console.error('listening on http://127.0.0.1:' + portText + '/mcp'));
} else {
  console.error('usage: node server.mjs stdio | http <port> stateless|stateful');
  process.exit(2);
}
